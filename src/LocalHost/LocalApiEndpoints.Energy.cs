namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the Energy area (the same routes as its Functions HTTP triggers).</summary>
public static class EnergyEndpoints
{
    public static IEndpointRouteBuilder MapEnergyApi(this IEndpointRouteBuilder api)
    {
        return api;
    }
}
