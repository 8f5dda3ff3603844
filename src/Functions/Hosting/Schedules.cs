namespace Workflows.Functions.Hosting;

/// <summary>
/// Timer schedules. Legal time is China Standard Time (UTC+8, no DST); Flex Consumption does not support
/// WEBSITE_TIME_ZONE, so each schedule is written in China time and its UTC twin (for the TimerTrigger attribute,
/// which needs a constant) is checked against it by a test.
/// </summary>
public static class Schedules
{
    /// <summary>Daily compliance sweep at 08:00 China time.</summary>
    public const string ComplianceSweepChinaTime = "0 0 8 * * *";

    /// <summary><see cref="ComplianceSweepChinaTime"/> in UTC (08:00 +08:00 = 00:00 UTC).</summary>
    public const string ComplianceSweepUtc = "0 0 0 * * *";

    /// <summary>Notification dispatcher: every minute (the same instants in every time zone).</summary>
    public const string NotificationDispatchChinaTime = "0 */1 * * * *";

    /// <summary><see cref="NotificationDispatchChinaTime"/> in UTC.</summary>
    public const string NotificationDispatchUtc = "0 */1 * * * *";

    /// <summary>History purge (issue 17): daily at 03:00 China time, when few cases move.</summary>
    public const string HistoryPurgeChinaTime = "0 0 3 * * *";

    /// <summary><see cref="HistoryPurgeChinaTime"/> in UTC (03:00 +08:00 = 19:00 UTC the day before).</summary>
    public const string HistoryPurgeUtc = "0 0 19 * * *";

    /// <summary>The register's obligations (issue 14: the void licence, the suspension's publications) opened every minute.</summary>
    public const string ObligationOpenerChinaTime = "30 */1 * * * *";

    /// <summary><see cref="ObligationOpenerChinaTime"/> in UTC.</summary>
    public const string ObligationOpenerUtc = "30 */1 * * * *";
}
