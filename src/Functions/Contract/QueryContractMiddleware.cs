using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Workflows.Functions.Contract;

/// <summary>The Functions worker's side of <see cref="QueryContract"/>: an HTTP invocation with an undeclared query
/// parameter is answered 400 before its trigger runs, as LocalHost answers it.</summary>
public sealed class QueryContractMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && QueryContract.Refuse(http.Request) is { } problem)
        {
            await problem.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
