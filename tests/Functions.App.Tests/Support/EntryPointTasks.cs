using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Workflows.Functions.App.Tests.Support;

/// <summary>
/// Registers every <c>[OrchestrationTrigger]</c> and <c>[ActivityTrigger]</c> function with the in-memory engine by its
/// function name, so the engine runs the app through its Functions entry points (the static <c>RunFunction</c> of an
/// orchestrator; <c>RunFunction</c> on an activity instance the worker's activator builds from the app's services),
/// not through the classes LocalHost registers.
/// </summary>
public sealed class EntryPointTasks(IServiceProvider appServices)
{
    private readonly ConcurrentQueue<string> invoked = new();

    public IServiceProvider AppServices => appServices;

    /// <summary>Function names in the order the engine ran them (replays included).</summary>
    public IReadOnlyCollection<string> Invoked => invoked;

    public void AddTo(DurableTaskRegistry registry)
    {
        foreach (var function in FunctionCatalog.OfKind(TriggerKind.Orchestration))
        {
            registry.AddOrchestrator(function.Name, () => new EntryPointOrchestrator(function, this));
        }

        foreach (var function in FunctionCatalog.OfKind(TriggerKind.Activity))
        {
            registry.AddActivity(function.Name, _ => new EntryPointActivity(function, this));
        }
    }

    private void Record(FunctionEntry function) => invoked.Enqueue(function.Name);

    private static async Task<object?> AwaitResult(FunctionEntry function, object? returned)
    {
        if (returned is not Task task)
        {
            throw new InvalidOperationException($"{function}: the entry point does not return a Task.");
        }

        // No ConfigureAwait(false): an orchestrator's continuations must stay on the orchestration's own scheduler.
        await task;
        return task.GetType().GetProperty(nameof(Task<object>.Result))?.GetValue(task);
    }

    private static object? Invoke(FunctionEntry function, object? instance, object?[] arguments)
    {
        try
        {
            return function.Method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private sealed class EntryPointOrchestrator(FunctionEntry function, EntryPointTasks owner) : ITaskOrchestrator
    {
        // The orchestrator class declares its input and output types (TaskOrchestrator<TIn, TOut>); the entry point
        // reads the input itself with context.GetInput<TIn>(), as on Functions.
        private readonly ITaskOrchestrator declared = (ITaskOrchestrator)Activator.CreateInstance(function.DeclaringType)!;

        public Type InputType => declared.InputType;

        public Type OutputType => declared.OutputType;

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            owner.Record(function);
            return AwaitResult(function, Invoke(function, null, [context]));
        }
    }

    private sealed class EntryPointActivity(FunctionEntry function, EntryPointTasks owner) : ITaskActivity
    {
        public Type InputType => function.Method.GetParameters()[0].ParameterType;

        public Type OutputType => function.Method.ReturnType.IsGenericType
            ? function.Method.ReturnType.GetGenericArguments()[0]
            : typeof(object);

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            owner.Record(function);
            await using var scope = owner.AppServices.CreateAsyncScope();
            var instance = FunctionActivation.CreateInstance(scope.ServiceProvider, function);
            var arguments = function.Method.GetParameters()
                .Select(p => p.ParameterType == typeof(CancellationToken) ? CancellationToken.None : input)
                .ToArray();
            return await AwaitResult(function, Invoke(function, instance, arguments));
        }
    }
}
