using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Workflows.Functions.Contract;

/// <summary>One HTTP route of the API as its trigger declares it: function name, route template (without "api/"),
/// methods (upper case) and the path parameters of the template.</summary>
public sealed record ApiRoute(string Function, string Template, IReadOnlyList<string> Methods, MethodInfo Trigger)
{
    /// <summary>The query parameters the trigger declares (<see cref="ApiQueryAttribute"/>).</summary>
    public IReadOnlyList<string> Query { get; } = Trigger.GetCustomAttribute<ApiQueryAttribute>()?.Names ?? [];

    /// <summary>How many literal segments the template has: of two templates that fit a path, the more literal one wins
    /// (<c>calendar/deadline</c> before <c>calendar/{year}</c>), as in the hosts' routers.</summary>
    public int LiteralCount => Segments.Count(s => !s.StartsWith('{'));

    public IReadOnlyList<string> Segments { get; } = Template.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Path parameters, e.g. <c>id</c> of <c>cases/{id}</c> (a catch-all <c>{*path}</c> is named without the star).</summary>
    public IReadOnlyList<string> Parameters => [.. Segments.Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}', '*'))];

    public bool IsCatchAll => Segments.Count > 0 && Segments[^1].StartsWith("{*", StringComparison.Ordinal);

    /// <summary>Whether a request path (below <c>/api/</c>) fits the template, parameters matching any one segment.</summary>
    public bool Matches(IReadOnlyList<string> path)
    {
        for (var i = 0; i < Segments.Count; i++)
        {
            if (Segments[i].StartsWith("{*", StringComparison.Ordinal))
            {
                return true;
            }

            var literal = !Segments[i].StartsWith('{');
            if (i >= path.Count || (literal && !string.Equals(Segments[i], path[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return path.Count == Segments.Count;
    }
}

/// <summary>
/// The API's routes read from the HTTP triggers' own attributes (<see cref="FunctionAttribute"/>,
/// <see cref="HttpTriggerAttribute"/>): what functions.metadata is generated from, so the OpenAPI document and the
/// 404/405 answers cannot list a route the Functions host does not serve.
/// </summary>
public static class ApiRouteTable
{
    /// <summary>The unmatched-route function: it answers 404/405 problem+json and is not part of the documented API.</summary>
    public const string FallbackFunction = "ApiFallback";

    private static readonly Lazy<IReadOnlyList<ApiRoute>> Routes = new(Read);

    /// <summary>Every HTTP trigger, the fallback included.</summary>
    public static IReadOnlyList<ApiRoute> All => Routes.Value;

    /// <summary>The documented routes (every trigger except the fallback).</summary>
    public static IReadOnlyList<ApiRoute> Documented => [.. All.Where(r => r.Function != FallbackFunction)];

    /// <summary>The methods the API serves on a path (empty: no such route).</summary>
    public static IReadOnlyList<string> MethodsFor(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return
        [
            .. Documented
                .Where(r => r.Matches(segments))
                .SelectMany(r => r.Methods)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>The documented route that serves a method on a path (below <c>/api/</c>), or null.</summary>
    public static ApiRoute? Find(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Documented
            .Where(r => r.Methods.Contains(method.ToUpperInvariant()) && r.Matches(segments))
            .OrderByDescending(r => r.LiteralCount)
            .ThenBy(r => r.IsCatchAll)
            .FirstOrDefault();
    }

    private static IReadOnlyList<ApiRoute> Read() =>
        [
            .. typeof(ApiRouteTable)
                .Assembly.GetTypes()
                .SelectMany(t =>
                    t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                )
                .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(), Http: HttpTriggerOf(m)))
                .Where(x => x.Function is not null && x.Http is not null)
                .Select(x => new ApiRoute(
                    x.Function!.Name,
                    x.Http!.Route ?? x.Function.Name,
                    [.. (x.Http.Methods ?? []).Select(v => v.ToUpperInvariant())],
                    x.Method
                ))
                .OrderBy(r => r.Template, StringComparer.Ordinal),
        ];

    private static HttpTriggerAttribute? HttpTriggerOf(MethodInfo method) =>
        method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
}
