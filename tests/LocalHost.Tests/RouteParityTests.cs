using Microsoft.AspNetCore.Routing;
using Workflows.Tests.Support;

namespace Workflows.LocalHost.Tests;

/// <summary>LocalHost serves the Functions app's HTTP API with the same handlers; its routes and methods must be exactly
/// the httpTrigger bindings in functions.metadata, so a route added to one host and not the other fails the build.</summary>
public sealed class RouteParityTests
{
    [Fact]
    public async Task MapWorkflowsApi_ComparedWithFunctionsMetadata_ServesExactlyTheSameRoutesAndMethods()
    {
        await using var local = await LocalHostApp.BuildAsync(
            new LocalHostSettings
            {
                InMemory = true,
                Port = TestPorts.Free(),
                RunBackgroundServices = false,
            },
            [],
            _ => { }
        );
        var localRoutes = ((IEndpointRouteBuilder)local.App)
            .DataSources.SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e =>
                FunctionsMetadata
                    .NormalizePath(e.RoutePattern.RawText ?? string.Empty)
                    .StartsWith("/" + FunctionsMetadata.RoutePrefix + "/", StringComparison.Ordinal)
            )
            .SelectMany(e =>
                (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => new HttpRoute(
                    FunctionsMetadata.NormalizePath(e.RoutePattern.RawText!),
                    method.ToUpperInvariant()
                ))
            )
            .ToList();
        var functionRoutes = FunctionsMetadata.LoadFromTestOutput().HttpRoutes;

        var differences = FunctionsMetadata.Differences("LocalHost", localRoutes, "functions.metadata", functionRoutes);

        Assert.NotEmpty(functionRoutes);
        Assert.Equal(localRoutes.Count, localRoutes.Distinct().Count());
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }
}
