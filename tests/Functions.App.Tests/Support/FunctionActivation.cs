using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>
/// Builds a function's class the way the worker does: the <see cref="IFunctionActivator"/> the worker registered,
/// given an invocation context whose <see cref="FunctionContext.InstanceServices"/> is the invocation's scope.
/// A constructor dependency nobody registered fails here with the function and the missing service named.
/// </summary>
public static class FunctionActivation
{
    public static object? CreateInstance(IServiceProvider scope, FunctionEntry function)
    {
        if (function.Method.IsStatic)
        {
            return null;
        }

        var activator = scope.GetRequiredService<IFunctionActivator>();
        try
        {
            return activator.CreateInstance(function.DeclaringType, new ActivationContext(scope, function.Name))
                ?? throw new InvalidOperationException($"{function}: the activator returned no instance.");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"Function {function}: {function.DeclaringType.Name} cannot be constructed: {e.Message}", e);
        }
    }

    /// <summary>Only what the activator reads (<see cref="InstanceServices"/>); the rest belongs to the gRPC pipeline.</summary>
    private sealed class ActivationContext(IServiceProvider services, string functionName) : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString("N");

        public override string FunctionId => functionName;

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = services;

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();
    }
}
