namespace Workflows.LocalHost;

/// <summary>LocalHost routes of the Supervision area (the same routes as its Functions HTTP triggers).</summary>
public static class SupervisionEndpoints
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder api)
    {
        return api;
    }
}
