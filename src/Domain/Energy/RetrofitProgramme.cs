using System.Text.Json;

namespace Workflows.Domain.Energy;

/// <summary>Year-end checkpoint: the share of each county's key energy-using units that must have started retrofits.</summary>
/// <param name="Year">Programme year.</param>
/// <param name="AnnualShare">Share organised in that year (e.g. 0.30, 0.50, 0.20).</param>
/// <param name="CumulativeShare">Share that must have started by the year end (e.g. 0.30, 0.80, 1.00).</param>
/// <param name="YearEnd">Checkpoint date.</param>
/// <param name="Article">Citation of the programme section.</param>
public sealed record RetrofitCheckpoint(int Year, decimal AnnualShare, decimal CumulativeShare, DateOnly YearEnd, string Article);

/// <summary>Deadline for projects that did not meet energy review requirements (不符合节能审查要求的项目).</summary>
public sealed record FailedReviewDeadline(DateOnly Date, string Article);

/// <summary>Programme targets.</summary>
public sealed record RetrofitTargets(
    int TargetYear,
    decimal EnergyIntensityReductionShare,
    decimal EnergySavingCapacityTcePerYear,
    string Article
);

/// <summary>A multi-year key-units retrofit programme as data (Luohe 2021-2023 is embedded; a 2026-2028 one is another JSON).</summary>
public sealed record RetrofitProgramme(
    string Id,
    string Title,
    string SourceDocument,
    string? SourceNote,
    int FirstYear,
    int LastYear,
    IReadOnlyList<RetrofitCheckpoint> Checkpoints,
    FailedReviewDeadline? FailedEnergyReviewDeadline,
    RetrofitTargets Targets,
    IReadOnlyList<int>? ReminderDaysBefore = null
)
{
    /// <summary>Embedded resource of the Luohe 2021-2023 programme.</summary>
    public const string Luohe2021To2023Resource = "retrofit-programme-2021-2023.json";

    /// <summary>Loads the embedded Luohe 2021-2023 programme (漯节减办〔2021〕7号).</summary>
    public static RetrofitProgramme LoadLuohe2021To2023()
    {
        using var stream = EnergyJson.OpenResource(Luohe2021To2023Resource);
        return Load(stream);
    }

    /// <summary>Parses and checks a programme: one checkpoint per year, cumulative shares non-decreasing and ending at 100%,
    /// annual shares summing to the cumulative ones.</summary>
    public static RetrofitProgramme Load(Stream json)
    {
        var p =
            JsonSerializer.Deserialize<RetrofitProgramme>(json, EnergyJson.Options)
            ?? throw new InvalidDataException("Retrofit programme JSON is empty.");
        return Check(p);
    }

    /// <summary>Parses a programme from a JSON string.</summary>
    public static RetrofitProgramme Load(string json)
    {
        var p =
            JsonSerializer.Deserialize<RetrofitProgramme>(json, EnergyJson.Options)
            ?? throw new InvalidDataException("Retrofit programme JSON is empty.");
        return Check(p);
    }

    /// <summary>The checkpoint of a year, or null outside the programme.</summary>
    public RetrofitCheckpoint? CheckpointFor(int year) => Checkpoints.FirstOrDefault(c => c.Year == year);

    private static RetrofitProgramme Check(RetrofitProgramme p)
    {
        if (p.Checkpoints is null || p.Targets is null)
        {
            throw new InvalidDataException($"Programme '{p.Id}' lacks checkpoints or targets.");
        }

        var years = p.Checkpoints.Select(c => c.Year).ToList();
        if (!years.SequenceEqual(Enumerable.Range(p.FirstYear, p.LastYear - p.FirstYear + 1)))
        {
            throw new InvalidDataException($"Programme '{p.Id}' must have one checkpoint per year {p.FirstYear}-{p.LastYear} in order.");
        }

        var running = 0m;
        foreach (var c in p.Checkpoints)
        {
            running += c.AnnualShare;
            if (running != c.CumulativeShare)
            {
                throw new InvalidDataException(
                    $"Programme '{p.Id}' {c.Year}: annual shares sum to {running}, cumulative share says {c.CumulativeShare}."
                );
            }
        }

        if (running != 1m)
        {
            throw new InvalidDataException($"Programme '{p.Id}' must cover all units (100%) by {p.LastYear}; it covers {running}.");
        }

        return p;
    }
}
