using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Functions.Access;
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
        app.MapPut(
            "/local/blobs/{container}/{**name}",
            async (
                HttpRequest request,
                string container,
                string name,
                RequestAuthorization authorization,
                DropAuthorization drops,
                IBlobStore blobs,
                IOptions<LimitsOptions> limits,
                CancellationToken cancellationToken
            ) =>
            {
                var (principal, problem) = authorization.Require(request);
                if (principal is null)
                {
                    return problem!;
                }

                if (!StorageNames.WatchedContainers.Contains(container))
                {
                    return ApiProblems.Validation(
                        "container",
                        "container.not-watched",
                        $"'{container}' is not a drop container; use one of {string.Join(", ", StorageNames.WatchedContainers)}."
                    );
                }

                if (string.IsNullOrWhiteSpace(name) || name.Length > 512)
                {
                    return ApiProblems.Validation("name", "blob.name", "The blob name must be 1 to 512 characters.");
                }

                if (AzureStorageRules.BlobNameProblem(name) is { } nameProblem)
                {
                    return ApiProblems.Validation(
                        "name",
                        AzureStorageRules.BlobNameRule,
                        $"文件名无法存储 / The blob name cannot be stored as given: {nameProblem}."
                    );
                }

                var max = limits.Value.MaxPackageBytes;
                var data = await JsonBody.ReadBytesAsync(request, max, cancellationToken).ConfigureAwait(false);
                if (data is null)
                {
                    return ApiProblems.Validation(
                        "body",
                        "body.too-large",
                        $"A dropped file is at most {max} bytes (Limits:MaxPackageBytes)."
                    );
                }

                // The same policy as the blob triggers' real uploaders: the role that may drop here, and the jurisdiction
                // of what the file holds (a county's units, a city's coal project, a case's report, calendars by an admin).
                if (await drops.CheckAsync(principal, container, name, data, cancellationToken).ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }

                var info = await blobs
                    .PutAsync(
                        container,
                        name,
                        data,
                        request.ContentType ?? "application/octet-stream",
                        new Dictionary<string, string> { ["uploadedBy"] = principal.Id, ["agency"] = principal.Agency },
                        cancellationToken: cancellationToken
                    )
                    .ConfigureAwait(false);
                return Results.Created(
                    $"/local/blobs/{container}/{name}",
                    new
                    {
                        container,
                        name,
                        etag = info.ETag,
                        length = info.Length,
                    }
                );
            }
        );
        app.MapGet("/local/blobs/{container}", ListAsync);
        return app;
    }

    /// <summary>
    /// <c>GET /local/blobs/{container}?prefix=</c>: the names in a container (quarantine included), so an administrator
    /// sees what landed where without reading Azurite's files. Names and sizes only; contents stay in storage.
    /// </summary>
    private static async Task<IResult> ListAsync(
        HttpRequest request,
        string container,
        RequestAuthorization authorization,
        IBlobStore blobs,
        CancellationToken cancellationToken
    )
    {
        var (principal, problem) = authorization.Require(request, Role.Administrator);
        if (principal is null)
        {
            return problem!;
        }

        if (!StorageNames.AllContainers.Contains(container))
        {
            return ApiProblems.NotFound($"No container '{container}'; known: {string.Join(", ", StorageNames.AllContainers)}.");
        }

        var prefix = request.Query["prefix"].ToString();
        var items = await blobs.ListAsync(container, string.IsNullOrEmpty(prefix) ? null : prefix, cancellationToken).ConfigureAwait(false);
        return Results.Json(
            new
            {
                container,
                count = items.Count,
                items = items
                    .OrderBy(i => i.Name, StringComparer.Ordinal)
                    .Select(i => new
                    {
                        i.Name,
                        i.Length,
                        i.LastModified,
                    }),
            }
        );
    }
}
