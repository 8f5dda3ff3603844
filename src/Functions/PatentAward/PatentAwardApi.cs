using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Workflows.Domain.Access;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.Identifiers;
using Workflows.Domain.PatentAward;
using Workflows.Functions.Cases;
using Workflows.Functions.Energy;
using Workflows.Functions.Http;
using Workflows.Functions.Orchestrations.PatentAward;

namespace Workflows.Functions.PatentAward;

/// <summary>HTTP handlers of the mayor's patent award: the office opens a round (第五条, 第十二条(一)); a unit applies in
/// an open round (第十条, 第十一条, 第十二条(二)).</summary>
public sealed class PatentAwardApi(
    RequestAuthorization authorization,
    CaseIntake intake,
    CaseStore cases,
    PatentAwardRoundProcedure rounds,
    PatentAwardApplicationProcedure applications,
    TimeProvider clock
)
{
    /// <summary>The award committee's office sits in the city's market regulation bureau (第六条): rounds are the city's.</summary>
    public const string CityAgency = "411100";

    private static readonly PatentAwardRules Rules = PatentAwardRules.Luohe;

    /// <summary><c>POST /api/patent-award-rounds</c> <c>{"year": 2024}</c>: opens the year's round (idempotent per year),
    /// at least two years from every other round (第五条 每两年评审一次).</summary>
    public async Task<IResult> OpenRoundAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Role.IntellectualPropertyOffice).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        if (EnergyPayload.Number(call.Json, "year") is not { } number || number != decimal.Truncate(number))
        {
            return ApiProblems.Validation(
                "year",
                "patent-award.round.year-format",
                "“year”应为年份，如 2024 / 'year' is a year such as 2024."
            );
        }

        var year = (int)number;
        var held = await cases
            .OfProcedureAsync([CityAgency], PatentAwardRoundProcedure.ProcedureName, cancellationToken)
            .ConfigureAwait(false);
        var years = held.Select(PatentAwardRoundData.From).OfType<PatentAwardRoundData>().Select(r => r.Year);
        if (PatentAwardRounds.Check(Rules, year, ChinaTime.Today(clock).Year, years) is { } refusal)
        {
            return EnergyApiProblems.Validation([refusal]);
        }

        var data = new PatentAwardRoundData(year);
        var opened = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = rounds,
                    Agency = CityAgency,
                    Title = $"{year}年度漯河市市长专利奖评审 / {year} Luohe mayor's patent award",
                    Data = data,
                    OrchestrationInput = id => new PatentAwardRoundInput(id, CityAgency, data),
                    IdempotencyScope = PatentAwardRoundProcedure.ProcedureName,
                    IdempotencyKey = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    RequestHash = year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Actor = call.Principal,
                    AcceptedUtc = clock.GetUtcNow(),
                    Article = Rules.Cite("第十二条(一)"),
                    Summary = $"发布{year}年度市长专利奖评审通告，启动评审 / The {year} round is announced and opened.",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        return opened.Refusal is { } forbidden
            ? ApiProblems.Forbidden(forbidden)
            : IntakeAnswer.Of(opened.CaseId, PatentAwardRoundProcedure.ProcedureName, opened.Created, asynchronous: false);
    }

    /// <summary><c>POST /api/patent-award-applications</c>: a unit (the patentee, from the signed-in principal) applies
    /// in the year's open round; checked on 第二条, 第八条(二), 第九条, 第十条; the ban registry is checked by the case.</summary>
    public async Task<IResult> ApplyAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var call = await authorization.RequireJsonAsync(request, cancellationToken, Role.Enterprise).ConfigureAwait(false);
        if (!call.Ok)
        {
            return call.Problem;
        }

        if (call.Principal.Uscc is not { Length: > 0 } uscc)
        {
            return ApiProblems.Forbidden("申报单位须以统一社会信用代码登录 / A unit applies signed in with its USCC (第八条(一)).");
        }

        var (application, shape) = PatentAwardJson.Read<PatentAwardApplication>(call.Json, "第十条");
        if (shape is not null || application is null)
        {
            return EnergyApiProblems.Validation([
                shape
                    ?? new ValidationError(
                        "body",
                        "patent-award.body.shape",
                        "申报内容为空 / The application is empty.",
                        Rules.Cite("第十条")
                    ),
            ]);
        }

        var errors = PatentAwardApplicationValidator.Validate(Rules, application, ChinaTime.Today(clock), UsccError);
        if (errors.Count > 0)
        {
            return EnergyApiProblems.Validation(errors);
        }

        var round = await OpenRoundOfAsync(application.RoundYear, cancellationToken).ConfigureAwait(false);
        if (round is null)
        {
            return ApiProblems.Create(
                StatusCodes.Status409Conflict,
                "patent-award.round.not-open",
                $"{application.RoundYear}年度市长专利奖未在受理申报 / No {application.RoundYear} round is taking applications "
                    + $"({Rules.Cite("第十二条(一)")}).",
                new Dictionary<string, object?> { ["field"] = "roundYear" }
            );
        }

        var data = new PatentAwardApplicationData(
            round.Id,
            application.RoundYear,
            new PatentApplicant(call.Principal.Name, uscc),
            application.Patent!,
            application.RecommendingUnit!,
            application.Materials ?? []
        );
        var key = request.Headers["Idempotency-Key"].ToString();
        var opened = await intake
            .OpenAsync(
                new IntakeRequest
                {
                    Procedure = applications,
                    Agency = call.Principal.Agency,
                    Title =
                        $"{application.RoundYear}年度市长专利奖申报：{application.Patent!.Title} / {application.RoundYear} patent award application",
                    Usccs = [uscc],
                    Data = data,
                    OrchestrationInput = id => new PatentAwardApplicationInput(id, CityAgency, data),
                    IdempotencyScope = $"patent-award-application|{call.Principal.Id}",
                    IdempotencyKey = string.IsNullOrEmpty(key) ? $"{application.RoundYear}|{application.Patent.Number}" : key,
                    RequestHash = IdempotencyStore.Hash(call.Json.GetRawText()),
                    Actor = call.Principal,
                    AcceptedUtc = clock.GetUtcNow(),
                    Article = Rules.Cite("第十二条(二)"),
                    Summary =
                        $"{call.Principal.Name}申报{application.RoundYear}年度市长专利奖（{application.Patent.Number}） / "
                        + $"Application for the {application.RoundYear} award ({application.Patent.Number}).",
                },
                client,
                cancellationToken
            )
            .ConfigureAwait(false);
        if (opened.ConflictReason is { } conflict)
        {
            return ApiProblems.Conflict(conflict);
        }

        return opened.Refusal is { } forbidden
            ? ApiProblems.Forbidden(forbidden)
            : IntakeAnswer.Of(opened.CaseId, PatentAwardApplicationProcedure.ProcedureName, opened.Created, asynchronous: false);
    }

    private async Task<CaseRecord?> OpenRoundOfAsync(int year, CancellationToken cancellationToken)
    {
        var held = await cases
            .OfProcedureAsync([CityAgency], PatentAwardRoundProcedure.ProcedureName, cancellationToken)
            .ConfigureAwait(false);
        // Taking applications: the round is open and its results are not yet published (第十二条(一)-(六)).
        return held.FirstOrDefault(r => !r.Closed && PatentAwardRoundData.From(r) is { Slate: null } round && round.Year == year);
    }

    private static string? UsccError(string code) => UnifiedSocialCreditCode.Validate(code).Error?.Message;
}
