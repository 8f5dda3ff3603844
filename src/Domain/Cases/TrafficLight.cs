namespace Workflows.Domain.Cases;

/// <summary>电子监察 lights: green in time, yellow inside the warning horizon, red overdue, grey closed.</summary>
public enum TrafficLight
{
    Green,
    Yellow,
    Red,
    Grey,
}

public static class TrafficLights
{
    /// <summary>
    /// The light of a case on legal date <paramref name="today"/>. <paramref name="warningFrom"/> is the first day of the
    /// warning horizon (computed with the deadline, on the legal calendar); the deadline day itself ends at 24:00 China time.
    /// </summary>
    public static TrafficLight Of(bool closed, DateOnly? deadline, DateOnly? warningFrom, DateOnly today)
    {
        if (closed)
        {
            return TrafficLight.Grey;
        }

        if (deadline is null)
        {
            return TrafficLight.Green;
        }

        if (today > deadline.Value)
        {
            return TrafficLight.Red;
        }

        return warningFrom is not null && today >= warningFrom.Value ? TrafficLight.Yellow : TrafficLight.Green;
    }
}
