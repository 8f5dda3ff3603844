using Microsoft.Extensions.Options;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.LocalHost;

/// <summary>
/// LocalHost only: drop a file into a watched container with curl (<c>PUT /local/blobs/{container}/{name}</c>), the
/// way an agency system or Storage Explorer would upload it on Azure. It works the same on Azurite and with
/// <c>--in-memory</c>; the blob watcher then hands the file to the same handler the BlobTrigger calls.
/// Not an /api route: the Functions app has no such endpoint (on Azure, files are uploaded to storage directly).
/// </summary>
public static class LocalBlobEndpoints
{
    public static IEndpointRouteBuilder MapLocalBlobDrops(this IEndpointRouteBuilder app)
    {
        app.MapPut("/local/blobs/{container}/{**name}", async (HttpRequest request, string container, string name, RequestAuthorization authorization,
            IBlobStore blobs, IOptions<LimitsOptions> limits, CancellationToken cancellationToken) =>
        {
            var (principal, problem) = authorization.Require(request);
            if (principal is null)
            {
                return problem!;
            }

            if (!StorageNames.WatchedContainers.Contains(container))
            {
                return ApiProblems.Validation("container", "container.not-watched", $"'{container}' is not a drop container; use one of {string.Join(", ", StorageNames.WatchedContainers)}.");
            }

            if (string.IsNullOrWhiteSpace(name) || name.Length > 512)
            {
                return ApiProblems.Validation("name", "blob.name", "The blob name must be 1 to 512 characters.");
            }

            if (AzureStorageRules.BlobNameProblem(name) is { } nameProblem)
            {
                return ApiProblems.Validation("name", AzureStorageRules.BlobNameRule, $"文件名无法存储 / The blob name cannot be stored as given: {nameProblem}.");
            }

            var max = limits.Value.MaxPackageBytes;
            var data = await JsonBody.ReadBytesAsync(request, max, cancellationToken).ConfigureAwait(false);
            if (data is null)
            {
                return ApiProblems.Validation("body", "body.too-large", $"A dropped file is at most {max} bytes (Limits:MaxPackageBytes).");
            }

            var info = await blobs.PutAsync(container, name, data, request.ContentType ?? "application/octet-stream",
                new Dictionary<string, string> { ["uploadedBy"] = principal.Id, ["agency"] = principal.Agency }, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Results.Created($"/local/blobs/{container}/{name}", new { container, name, etag = info.ETag, length = info.Length });
        });
        return app;
    }
}
