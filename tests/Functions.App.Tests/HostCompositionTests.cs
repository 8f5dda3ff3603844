using Microsoft.Extensions.DependencyInjection;
using Workflows.Functions.App.Tests.Support;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.App.Tests;

/// <summary>Issue 21 item 1: the worker's own composition root builds, and every function class resolves from it.</summary>
public sealed class HostCompositionTests
{
    public static TheoryData<string> FunctionClasses() => new(FunctionCatalog.InstanceClasses.Select(t => t.FullName!));

    [Theory]
    [MemberData(nameof(FunctionClasses))]
    public void CreateInstance_FunctionClassFromTheWorkerHost_Resolves(string className)
    {
        using var host = FunctionsWorld.BuildHost(StorageMode.InMemory);
        using var scope = host.Services.CreateScope();

        foreach (var function in FunctionCatalog.All.Where(f => f.DeclaringType.FullName == className && !f.Method.IsStatic))
        {
            Assert.NotNull(FunctionActivation.CreateInstance(scope.ServiceProvider, function));
        }
    }
}
