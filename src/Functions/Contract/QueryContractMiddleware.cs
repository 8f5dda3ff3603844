using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Workflows.Functions.Contract;

/// <summary>The Functions worker's side of <see cref="RouteGate"/>: an HTTP invocation with an undeclared query
/// parameter, or from a caller the route does not admit, is answered before its trigger runs, as LocalHost answers it.</summary>
public sealed class QueryContractMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && RouteGate.Refuse(http.Request) is { } problem)
        {
            await problem.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
