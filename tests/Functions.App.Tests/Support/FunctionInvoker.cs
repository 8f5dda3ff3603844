using System.Reflection;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>
/// Calls a trigger method as the worker does: the class from the worker's activator, the trigger argument (a real
/// <see cref="HttpRequest"/>, a <see cref="BlobClient"/>, a <see cref="TimerInfo"/>), <c>[DurableClient]</c> as the
/// in-memory engine's client, and every other parameter from the trigger's binding data by parameter name (route
/// values of the HTTP route template, <c>{name}</c> of the blob path). An HTTP result is executed the way the ASP.NET
/// Core integration executes it, into the request's <see cref="HttpContext"/>.
/// </summary>
public sealed class FunctionInvoker(IServiceProvider services, DurableTaskClient client)
{
    /// <summary>The Functions host's default route prefix (host.json sets none).</summary>
    public const string RoutePrefix = "/api/";

    public async Task<ApiResponse> InvokeHttpAsync(FunctionEntry function, ApiRequest request)
    {
        var http = function.Http ?? throw new ArgumentException($"{function} is not an HTTP trigger.", nameof(function));
        Assert.True(http.Methods?.Contains(request.Method, StringComparer.OrdinalIgnoreCase) == true,
            $"{function} does not accept {request.Method}.");
        var routeValues = MatchRoute(function, http.Route!, request.Path);

        await using var scope = services.CreateAsyncScope();
        var context = request.ToHttpContext(scope.ServiceProvider);
        context.Request.RouteValues = routeValues;
        var instance = FunctionActivation.CreateInstance(scope.ServiceProvider, function);
        var returned = await InvokeAsync(function, instance, context.Request, routeValues, CancellationToken.None);
        var action = returned as IActionResult
            ?? throw new InvalidOperationException($"{function} returned {returned?.GetType().Name ?? "null"}, not an IActionResult.");
        await action.ExecuteResultAsync(new ActionContext(context, new RouteData(routeValues), new ActionDescriptor()));
        return ApiResponse.From(context.Response);
    }

    /// <summary>A blob trigger fired for <paramref name="name"/> (EventGrid source: the host hands the blob client and
    /// the <c>{name}</c> of the path).</summary>
    public async Task InvokeBlobAsync(FunctionEntry function, string name, CancellationToken cancellationToken = default)
    {
        var path = function.Blob?.BlobPath ?? throw new ArgumentException($"{function} is not a blob trigger.", nameof(function));
        var container = path[..path.IndexOf('/', StringComparison.Ordinal)];
        var values = MatchBlobPath(function, path, container + "/" + name);
        var blob = new BlobClient("UseDevelopmentStorage=true", container, name);
        await using var scope = services.CreateAsyncScope();
        var instance = FunctionActivation.CreateInstance(scope.ServiceProvider, function);
        await InvokeAsync(function, instance, blob, values, cancellationToken);
    }

    /// <summary>A timer trigger firing on schedule (not past due).</summary>
    public async Task InvokeTimerAsync(FunctionEntry function, DateTime firedAtUtc, CancellationToken cancellationToken = default)
    {
        var timer = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus
            {
                Last = firedAtUtc.AddMinutes(-1),
                Next = firedAtUtc.AddMinutes(1),
                LastUpdated = firedAtUtc,
            },
        };
        await using var scope = services.CreateAsyncScope();
        var instance = FunctionActivation.CreateInstance(scope.ServiceProvider, function);
        await InvokeAsync(function, instance, timer, new RouteValueDictionary(), cancellationToken);
    }

    private async Task<object?> InvokeAsync(FunctionEntry function, object? instance, object trigger, RouteValueDictionary bindingData,
        CancellationToken cancellationToken)
    {
        var arguments = function.Method.GetParameters()
            .Select(p => Bind(function, p, trigger, bindingData, cancellationToken))
            .ToArray();
        object? returned;
        try
        {
            returned = function.Method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"Function {function} threw: {e.InnerException.Message}", e.InnerException);
        }

        if (returned is not Task task)
        {
            return returned;
        }

        try
        {
            await task;
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"Function {function} threw: {e.Message}", e);
        }

        return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }

    private object? Bind(FunctionEntry function, ParameterInfo parameter, object trigger, RouteValueDictionary bindingData,
        CancellationToken cancellationToken)
    {
        if (parameter.GetCustomAttributes().Any(a => a is HttpTriggerAttribute or BlobTriggerAttribute or TimerTriggerAttribute))
        {
            Assert.True(parameter.ParameterType.IsInstanceOfType(trigger),
                $"Function {function}: trigger parameter '{parameter.Name}' is {parameter.ParameterType.Name}, " +
                $"the host gives {trigger.GetType().Name}.");
            return trigger;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return client;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return cancellationToken;
        }

        if (parameter.ParameterType == typeof(string))
        {
            // Binding data by parameter name, as the worker's converters bind it. Absent, the host passes null: for a
            // parameter declared non-nullable that is a broken mapping (a renamed route value), never a valid call.
            if (bindingData.TryGetValue(parameter.Name!, out var value))
            {
                return value?.ToString();
            }

            Assert.True(new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable,
                $"Function {function}: parameter '{parameter.Name}' is in none of the trigger's binding data " +
                $"({string.Join(", ", bindingData.Keys)}); the host would pass null.");
            return null;
        }

        throw new InvalidOperationException(
            $"Function {function}: parameter '{parameter.Name}' ({parameter.ParameterType.Name}) has no binding the host would fill.");
    }

    /// <summary>Blob path patterns are not route templates: <c>{name}</c> takes the rest of the blob name, slashes
    /// included (<c>coal-reports/{name}</c> with <c>COAL-…/report.pdf</c> binds the whole <c>COAL-…/report.pdf</c>).</summary>
    private static RouteValueDictionary MatchBlobPath(FunctionEntry function, string pattern, string blobPath)
    {
        var regex = "^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(pattern),
            @"\\\{(\w+)}", "(?<$1>.+)") + "$";
        var match = System.Text.RegularExpressions.Regex.Match(blobPath, regex);
        Assert.True(match.Success, $"{function}: blob path '{pattern}' does not match '{blobPath}'.");
        var values = new RouteValueDictionary();
        foreach (var group in match.Groups.Values.Where(g => g.Name != "0"))
        {
            values[group.Name] = group.Value;
        }

        return values;
    }

    private static RouteValueDictionary MatchRoute(FunctionEntry function, string template, string path)
    {
        var relative = path.StartsWith(RoutePrefix, StringComparison.Ordinal) ? path[RoutePrefix.Length..] : path;
        var values = new RouteValueDictionary();
        var matcher = new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary());
        Assert.True(matcher.TryMatch("/" + relative.TrimStart('/'), values), $"{function}: route '{template}' does not match '{path}'.");
        return values;
    }
}
