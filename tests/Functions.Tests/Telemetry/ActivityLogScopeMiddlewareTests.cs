using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using Workflows.Functions.Registry;
using Workflows.Functions.Telemetry;

namespace Workflows.Functions.Tests.Telemetry;

/// <summary>On Azure an activity's log lines carry its case id, as LocalHost's adapter gives them (issue 18).</summary>
public sealed class ActivityLogScopeMiddlewareTests
{
    [Fact]
    public async Task Invoke_ActivityTrigger_LinesLoggedInsideCarryTheCaseId()
    {
        var (context, services, captured) = Context("activityTrigger", "REG-411100-20261201-ABCDEFGH");

        await new ActivityLogScopeMiddleware().Invoke(context, _ => LogInside(services));

        var scope = Assert.Single(Assert.Single(captured));
        Assert.Equal("REG-411100-20261201-ABCDEFGH", scope[LogScopes.CaseId]);
        Assert.Equal("UpdateCaseActivity", scope[LogScopes.Activity]);
    }

    [Fact]
    public async Task Invoke_HttpTrigger_NoCaseScope()
    {
        var (context, services, captured) = Context("httpTrigger", null);

        await new ActivityLogScopeMiddleware().Invoke(context, _ => LogInside(services));

        Assert.Empty(Assert.Single(captured));
    }

    private static Task LogInside(IServiceProvider services)
    {
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Workflows.Functions.Activities").LogInformation("inside");
        return Task.CompletedTask;
    }

    private static (FunctionContext Context, IServiceProvider Services, List<List<IReadOnlyDictionary<string, object>>> Captured) Context(
        string triggerType,
        string? instanceId
    )
    {
        var captured = new List<List<IReadOnlyDictionary<string, object>>>();
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(new ScopeCapture(captured))).BuildServiceProvider();
        var binding = new Mock<BindingMetadata>();
        binding.SetupGet(b => b.Type).Returns(triggerType);
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns("UpdateCaseActivity");
        definition.SetupGet(d => d.InputBindings).Returns(ImmutableDictionary<string, BindingMetadata>.Empty.Add("input", binding.Object));
        var data = new Dictionary<string, object?>();
        if (instanceId is not null)
        {
            data[ActivityLogScopeMiddleware.InstanceIdBindingData] = instanceId;
        }

        var bindingContext = new Mock<BindingContext>();
        bindingContext.SetupGet(b => b.BindingData).Returns(data);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.BindingContext).Returns(bindingContext.Object);
        context.SetupGet(c => c.InstanceServices).Returns(services);
        return (context.Object, services, captured);
    }

    /// <summary>Records, for each line logged, the dictionary scopes active at that moment.</summary>
    private sealed class ScopeCapture(List<List<IReadOnlyDictionary<string, object>>> captured) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        private List<List<IReadOnlyDictionary<string, object>>> Captured => captured;

        public ILogger CreateLogger(string categoryName) => new Capturing(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Capturing(ScopeCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var active = new List<IReadOnlyDictionary<string, object>>();
                owner.scopes.ForEachScope(
                    (scope, list) =>
                    {
                        if (scope is IReadOnlyDictionary<string, object> fields)
                        {
                            list.Add(fields);
                        }
                    },
                    active
                );
                owner.Captured.Add(active);
            }
        }
    }
}
