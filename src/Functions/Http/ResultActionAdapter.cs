using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Workflows.Functions.Http;

/// <summary>Lets a Functions HTTP trigger return the <see cref="IResult"/> a shared API handler produced, so both hosts
/// write byte-identical responses.</summary>
public sealed class ResultActionAdapter(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);

    public static async Task<IActionResult> From(Task<IResult> result) => new ResultActionAdapter(await result.ConfigureAwait(false));
}
