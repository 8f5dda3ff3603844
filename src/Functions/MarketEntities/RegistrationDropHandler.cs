using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Cases;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Storage;

namespace Workflows.Functions.MarketEntities;

/// <summary>
/// Registration packages dropped into <c>registrations-inbox</c> (a bare application.json or a zip with attachments):
/// the same formal review as <c>POST /api/registrations</c>; bad packages go to quarantine with an error report. The
/// idempotency key is the package's SHA-256, so the same package dropped twice opens one case.
/// </summary>
public sealed class RegistrationDropHandler(
    CaseIntake intake,
    RegistrationProcedure procedure,
    Quarantine quarantine,
    IOptions<MarketEntitiesOptions> options,
    IOptions<Hosting.LimitsOptions> limits,
    TimeProvider clock,
    RegisterImportService? registerImport = null
) : IBlobDropHandler
{
    public string Container => StorageNames.RegistrationsInbox;

    public async Task HandleAsync(BlobDrop drop, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (registerImport is not null && drop.Name.StartsWith(RegisterImportService.DropPrefix, StringComparison.Ordinal))
        {
            // register/<file>.csv|.xlsx: the authority's existing register (issue 14), all or nothing, errors to quarantine.
            var officer = new Principal($"drop:{Container}", "登记收件箱 / Registrations inbox", Role.RegistrationOfficer, settings.InboxAgency);
            var imported = await registerImport.ImportAsync(drop.Name, drop.Data, officer, cancellationToken).ConfigureAwait(false);
            if (imported.Errors.Count > 0)
            {
                await quarantine.MoveAsync(drop, imported.Errors, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (registerImport is not null && drop.Name.StartsWith(RegisterImportService.DisqualificationDropPrefix, StringComparison.Ordinal))
        {
            // disqualifications/<file>.csv|.xlsx: a list of Art. 12 / Art. 40 para 3 disqualifications (issue 14), all or
            // nothing, the row report to quarantine.
            var imported = await registerImport.ImportDisqualificationsAsync(drop.Name, drop.Data, cancellationToken).ConfigureAwait(false);
            if (imported.Errors.Count > 0)
            {
                await quarantine.MoveAsync(drop, imported.Errors, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var (package, errors) = RegistrationPackageReader.Read(drop.Name, drop.Data, limits.Value);
        if (package is null)
        {
            await quarantine.MoveAsync(drop, errors, cancellationToken).ConfigureAwait(false);
            return;
        }

        JsonElement json;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(package.ApplicationJson);
            using var doc = JsonDocument.Parse(
                text,
                new JsonDocumentOptions
                {
                    MaxDepth = 32,
                    CommentHandling = JsonCommentHandling.Skip,
                    AllowTrailingCommas = true,
                }
            );
            json = doc.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            await quarantine
                .MoveAsync(
                    drop,
                    [
                        new ApiError(
                            RegistrationPackageReader.ApplicationFile,
                            "body.json",
                            $"application.json is not valid UTF-8 JSON: {e.Message}"
                        ),
                    ],
                    cancellationToken
                )
                .ConfigureAwait(false);
            return;
        }

        var (submission, problems) = MarketEntityIntake.ParseRegistration(json, ChinaTime.Today(clock));
        if (submission is null)
        {
            await quarantine.MoveAsync(drop, problems, cancellationToken).ConfigureAwait(false);
            return;
        }

        var actor = new Principal($"drop:{Container}", "Registrations inbox (登记收件箱)", Role.RegistrationOfficer, settings.InboxAgency);
        var hash = IdempotencyStore.Hash(drop.Data);
        var documents = package
            .Attachments.Prepend(new IntakeDocument(RegistrationPackageReader.ApplicationFile, package.ApplicationJson, "application/json"))
            .ToList();
        var request = MarketEntitiesApi.RegistrationIntake(
            procedure,
            submission with
            {
                RegisterOnTheSpot = false,
            },
            actor,
            settings.InboxAgency,
            $"drop|{Container}",
            hash,
            hash,
            clock.GetUtcNow(),
            documents
        );
        var opened = await intake.OpenAsync(request, client, cancellationToken).ConfigureAwait(false);
        if (opened.Refusal is { } refusal)
        {
            var error = new ApiError("file", "intake.outside-share", refusal);
            await quarantine.MoveAsync(drop, [error], cancellationToken).ConfigureAwait(false);
        }
    }
}
