using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Functions.Energy;
using Workflows.Domain.Factories;
using Workflows.Functions.Cases;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.Factories;

namespace Workflows.Functions.Factories;

/// <summary>The round and its submissions as opened: the round case and each county's case.</summary>
public sealed record FactoryRoundOpened(string RoundCaseId, bool Created, IReadOnlyDictionary<string, string> Submissions);

/// <summary>Opens a half-year's round (idempotent per half-year): one submission case per county of the table, then the
/// round case that ranks them.</summary>
public sealed class FactoryRounds(
    CaseIntake intake,
    FactorySubmissionProcedure submissions,
    FactoryRoundProcedure rounds,
    TimeProvider clock
)
{
    public const string CityAgency = "411100";

    private static readonly StandardFactoryRules Rules = StandardFactoryRules.Luohe;

    public async Task<(FactoryRoundOpened? Opened, string? Refusal)> OpenAsync(
        HalfYear halfYear,
        Principal actor,
        DurableTaskClient client,
        CancellationToken cancellationToken
    )
    {
        var accepted = clock.GetUtcNow();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var county in Rules.Counties)
        {
            var data = new FactorySubmissionData(halfYear.ToString(), county.Id, county.Name);
            var opened = await intake
                .OpenAsync(
                    new IntakeRequest
                    {
                        Procedure = submissions,
                        Agency = county.Agency,
                        Title = $"{county.Name}{halfYear.Zh}多层标准化厂房报送 / {county.Id} standard factories {halfYear}",
                        Data = data,
                        OrchestrationInput = id => new FactorySubmissionInput(id, county.Agency, data),
                        IdempotencyScope = "standard-factory-submission",
                        IdempotencyKey = $"{halfYear}|{county.Id}",
                        RequestHash = $"{halfYear}|{county.Id}",
                        Actor = actor,
                        AcceptedUtc = accepted,
                        Article = Rules.Cite("三(一)"),
                        Summary =
                            $"{county.Name}报送{halfYear.Zh}竣工的多层标准化厂房 / {county.Name} reports the buildings completed in {halfYear}.",
                    },
                    client,
                    cancellationToken
                )
                .ConfigureAwait(false);
            if (opened.Refusal is { } refusal)
            {
                return (null, refusal);
            }

            ids[county.Id] = opened.CaseId;
        }

        var round = new FactoryRoundData(halfYear.ToString(), ids);
        var result = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = rounds,
                    Agency = CityAgency,
                    Title = $"{halfYear.Zh}多层标准化厂房综合排序 / Standard factory ranking {halfYear}",
                    Data = round,
                    OrchestrationInput = id => new FactoryRoundInput(id, round),
                    IdempotencyScope = "standard-factory-round",
                    IdempotencyKey = halfYear.ToString(),
                    RequestHash = halfYear.ToString(),
                    Actor = actor,
                    AcceptedUtc = accepted,
                    Article = Rules.Cite("二(二)"),
                    Summary =
                        $"{halfYear.Zh}：{ids.Count} 个县区（功能区）报送、核实、综合排序 / {halfYear}: {ids.Count} counties report, are verified and ranked.",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return result.Refusal is { } roundRefusal
            ? (null, roundRefusal)
            : (new FactoryRoundOpened(result.CaseId, result.Created, ids), null);
    }
}

/// <summary>HTTP handlers of the standard-factory rounds.</summary>
public sealed class FactoryRoundsApi(RequestAuthorization authorization, FactoryRounds rounds, TimeProvider clock)
{
    private static readonly StandardFactoryRules Rules = StandardFactoryRules.Luohe;

    /// <summary><c>POST /api/standard-factory-rounds</c> <c>{"halfYear": "2021-H2"}</c>: opens the half-year's round once
    /// the half-year has ended (its buildings are reported in the next half-year's first month, 三(一)).</summary>
    public async Task<IResult> OpenAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Role.MunicipalDrc).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        var text = EnergyPayload.Text(call.Json, "halfYear");
        if (!HalfYear.TryParse(text, out var halfYear))
        {
            return ApiProblems.Validation(
                "halfYear",
                "factory.half-year.format",
                $"“halfYear”应写作 2021-H2（年份-H1 上半年 / H2 下半年） / 'halfYear' must read like 2021-H2; got '{text}'."
            );
        }

        var first = HalfYear.Of(Rules.CompletedOnOrAfter);
        var today = ChinaTime.Today(clock);
        if (halfYear < first || halfYear.LastDay >= today)
        {
            return ApiProblems.Validation(
                "halfYear",
                "factory.half-year.range",
                $"可报送的半年为 {first} 起至已结束的半年（今天 {today:yyyy-MM-dd}） / A round covers a half-year from {first} "
                    + $"that has ended (today is {today:yyyy-MM-dd}); got {halfYear} ({Rules.Cite("一(一)")}, {Rules.Cite("三(一)")})."
            );
        }

        var (opened, refusal) = await rounds.OpenAsync(halfYear, call.Principal, client, cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return ApiProblems.Forbidden(refusal ?? "");
        }

        // The county cases are listed on the round case (data.submissions) and under GET /api/cases?procedure=...
        return IntakeAnswer.Of(opened.RoundCaseId, FactoryRoundProcedure.ProcedureName, opened.Created, asynchronous: false);
    }
}
