using System.Text.Json;

namespace Workflows.Tests.Support;

/// <summary>One HTTP route of the Functions app: the full path (with the <c>api/</c> prefix) and one method.</summary>
public sealed record HttpRoute(string Path, string Method)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// Reads the <c>functions.metadata</c> file the Functions SDK generates at build time (copied into every referencing
/// project's output). It is what the Functions host really indexes, so it is the truth the registry and LocalHost's
/// routes are compared with.
/// </summary>
public sealed class FunctionsMetadata
{
    /// <summary>host.json sets no <c>extensions.http.routePrefix</c>, so the Functions default applies.</summary>
    public const string RoutePrefix = "api";

    public const string FileName = "functions.metadata";

    private FunctionsMetadata(IReadOnlyList<string> orchestrators, IReadOnlyList<string> activities, IReadOnlyList<HttpRoute> httpRoutes)
    {
        Orchestrators = orchestrators;
        Activities = activities;
        HttpRoutes = httpRoutes;
    }

    /// <summary>Functions with an <c>orchestrationTrigger</c> binding.</summary>
    public IReadOnlyList<string> Orchestrators { get; }

    /// <summary>Functions with an <c>activityTrigger</c> binding.</summary>
    public IReadOnlyList<string> Activities { get; }

    /// <summary>Every (route, method) pair of the <c>httpTrigger</c> bindings.</summary>
    public IReadOnlyList<HttpRoute> HttpRoutes { get; }

    /// <summary>The file beside the test assembly (the build copies it from the Functions project's output).</summary>
    public static FunctionsMetadata LoadFromTestOutput()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{FileName} was not found beside the test assembly; build the solution (the Functions SDK generates it).", path);
        }

        return Parse(File.ReadAllText(path));
    }

    public static FunctionsMetadata Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var orchestrators = new List<string>();
        var activities = new List<string>();
        var routes = new List<HttpRoute>();
        foreach (var function in doc.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                var type = binding.TryGetProperty("type", out var t) ? t.GetString() : null;
                switch (type)
                {
                    case "orchestrationTrigger":
                        orchestrators.Add(name);
                        break;
                    case "activityTrigger":
                        activities.Add(name);
                        break;
                    case "httpTrigger":
                        var route = binding.TryGetProperty("route", out var r) && r.GetString() is { Length: > 0 } text ? text : name;
                        var methods = binding.TryGetProperty("methods", out var m)
                            ? m.EnumerateArray().Select(x => x.GetString()!).ToList()
                            : [];
                        foreach (var method in methods)
                        {
                            routes.Add(new HttpRoute(NormalizePath($"{RoutePrefix}/{route}"), method.ToUpperInvariant()));
                        }

                        break;
                }
            }
        }

        return new FunctionsMetadata(orchestrators, activities, routes);
    }

    /// <summary>"/api/instances/{id}/" and "api/instances/{id}" compare equal.</summary>
    public static string NormalizePath(string path) => "/" + path.Trim('/');

    /// <summary>The differences between two name sets, as readable lines (empty when they agree).</summary>
    public static IReadOnlyList<string> Differences<T>(string leftName, IEnumerable<T> left, string rightName, IEnumerable<T> right)
    {
        var l = left.ToHashSet();
        var r = right.ToHashSet();
        return l.Except(r).Select(x => $"'{x}' is in {leftName} but not in {rightName}")
            .Concat(r.Except(l).Select(x => $"'{x}' is in {rightName} but not in {leftName}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
