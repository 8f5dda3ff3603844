using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Workflows.Functions.Hosting;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>How the Functions host starts a function (its trigger binding).</summary>
public enum TriggerKind
{
    Http,
    Blob,
    Timer,
    Orchestration,
    Activity,
}

/// <summary>One <c>[Function]</c> method of the app, found by reflection as the SDK's generator finds it.</summary>
public sealed record FunctionEntry(string Name, MethodInfo Method, TriggerKind Trigger)
{
    public Type DeclaringType => Method.DeclaringType!;

    /// <summary>The HTTP trigger's route (without the <c>api/</c> prefix) and methods; null for other triggers.</summary>
    public HttpTriggerAttribute? Http => Method.GetParameters()
        .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);

    /// <summary>The blob trigger's path (<c>container/{name}</c>); null for other triggers.</summary>
    public BlobTriggerAttribute? Blob => Method.GetParameters()
        .Select(p => p.GetCustomAttribute<BlobTriggerAttribute>()).FirstOrDefault(a => a is not null);

    public override string ToString() => $"{Name} ({DeclaringType.Name}.{Method.Name})";
}

/// <summary>Every function of the Workflows.Functions assembly.</summary>
public static class FunctionCatalog
{
    public static Assembly AppAssembly => typeof(FunctionsAppComposition).Assembly;

    public static IReadOnlyList<FunctionEntry> All { get; } = Discover(AppAssembly);

    public static IEnumerable<FunctionEntry> OfKind(TriggerKind kind) => All.Where(f => f.Trigger == kind);

    public static FunctionEntry Named(string name) =>
        All.SingleOrDefault(f => f.Name == name) ?? throw new ArgumentException($"No function named '{name}'.", nameof(name));

    /// <summary>Classes that declare a <c>[Function]</c> method and that the worker must construct (static methods
    /// need no instance: the generated executor calls them on the type).</summary>
    public static IEnumerable<Type> InstanceClasses =>
        All.Where(f => !f.Method.IsStatic).Select(f => f.DeclaringType).Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static IReadOnlyList<FunctionEntry> Discover(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new FunctionEntry(x.Attribute!.Name, x.Method, TriggerOf(x.Method)))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    private static TriggerKind TriggerOf(MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null) { return TriggerKind.Http; }
            if (parameter.GetCustomAttribute<BlobTriggerAttribute>() is not null) { return TriggerKind.Blob; }
            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is not null) { return TriggerKind.Timer; }
            if (parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null) { return TriggerKind.Orchestration; }
            if (parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null) { return TriggerKind.Activity; }
        }

        throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} has a [Function] attribute but no known trigger.");
    }
}
