using System.Text;
using System.Text.Json;
using Workflows.Domain.Calendar;
using Workflows.Domain.Energy;
using Workflows.Domain.Identifiers;
using Workflows.Domain.MarketEntities;
using Workflows.Functions.Http;
using Workflows.Functions.Tests.Support;

namespace Workflows.Functions.Tests.Robustness;

/// <summary>
/// Bounded fuzzing: random mutations of the sample documents fed to every parser and validator. A parser may refuse
/// input only in its documented way (a <see cref="JsonException"/> from deserialization, or a list of errors); it must
/// never crash with any other exception and never hang. Seeds are fixed so a failure reproduces.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int Iterations = 300;
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(5);
    private static readonly DateOnly AsOf = new(2024, 2, 8);

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (
            var file in Directory
                .EnumerateFiles(Path.Combine(RepoFiles.Root(), "samples"), "*.*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
        )
        {
            if (file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".csv", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepoFiles.Root(), file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryParser_MutatedSample_RefusesCleanlyWithoutHanging(string sample)
    {
        var original = File.ReadAllBytes(Path.Combine(RepoFiles.Root(), sample));
        var random = new Random(StringComparer.Ordinal.GetHashCode(sample) & 0x7fffffff ^ 20241124);
        var failures = new List<string>();
        for (var i = 0; i < Iterations && failures.Count < 5; i++)
        {
            var input = Mutate(original, random);
            foreach (var (parser, run) in Parsers)
            {
                var outcome = RunBounded(() => run(input));
                if (outcome is not null)
                {
                    failures.Add($"{parser} on mutation {i} of {sample}: {outcome}\ninput: {Convert.ToBase64String(input)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Each parser with its allowed way of refusing input.</summary>
    private static readonly (string Name, Action<byte[]> Run)[] Parsers =
    [
        (
            "RegistrationApplication",
            bytes =>
            {
                var app = DeserializeOrRefuse<RegistrationApplication>(bytes, MarketEntityJson.Options);
                if (app is not null)
                {
                    _ = RegistrationApplicationValidator.Validate(app, AsOf);
                    _ = RequiredMaterials.MissingMaterials(app);
                }
            }
        ),
        (
            "CoalProjectIntake",
            bytes =>
            {
                var intake = DeserializeOrRefuse<CoalProjectIntake>(bytes, EnergyJson.Options);
                if (intake is not null)
                {
                    var rules = CoalSubstitutionRuleTable.LoadRevision2021();
                    var errors = CoalProjectIntakeValidator.Validate(
                        intake,
                        rules,
                        code => UnifiedSocialCreditCode.Validate(code).Error?.Message
                    );
                    if (errors.Count == 0)
                    {
                        _ = SubstitutionCalculator.Compute(intake, rules);
                    }
                }
            }
        ),
        ("CalendarYearFile", bytes => _ = CalendarYearFile.Parse(2024, bytes)),
        ("LegalCalendar.TryActivate", bytes => _ = LegalCalendar.LoadEmbedded().TryActivate(2027, bytes)),
        (
            "KeyUnitsCsv",
            bytes =>
            {
                using var stream = new MemoryStream(bytes);
                _ = KeyUnitsCsvParser.Parse(stream, code => UnifiedSocialCreditCode.Validate(code).Error?.Message);
            }
        ),
        (
            "RetrofitProgramme",
            bytes =>
            {
                try
                {
                    _ = RetrofitProgramme.Load(new MemoryStream(bytes));
                }
                catch (Exception e) when (e is JsonException or FormatException or InvalidDataException or ArgumentException)
                {
                    // documented refusal
                }
            }
        ),
        (
            "Identifiers",
            bytes =>
            {
                var text = Encoding.UTF8.GetString(bytes);
                var head = text.Length > 40 ? text[..40] : text;
                _ = UnifiedSocialCreditCode.Validate(head);
                _ = ResidentIdentityNumber.Validate(head, AsOf);
            }
        ),
        (
            "JsonBody",
            bytes =>
            {
                var request = ResultExecution.Request(body: bytes);
                _ = JsonBody.ReadObjectAsync(request, CancellationToken.None).GetAwaiter().GetResult();
            }
        ),
    ];

    private static T? DeserializeOrRefuse<T>(byte[] bytes, JsonSerializerOptions options)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, options);
        }
        catch (JsonException)
        {
            return null; // documented refusal: the API turns this into 400 body.json
        }
    }

    /// <summary>Null when the run ended (normally or with an allowed refusal), else what went wrong.</summary>
    private static string? RunBounded(Action action)
    {
        var task = Task.Run(action);
        try
        {
            if (!task.Wait(PerInputLimit))
            {
                return $"no result after {PerInputLimit.TotalSeconds} s (hang)";
            }
        }
        catch (AggregateException e)
        {
            var inner = e.InnerException!;
            return $"{inner.GetType().Name}: {inner.Message}\n{inner.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("Workflows", StringComparison.Ordinal))}";
        }

        return null;
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var data = new List<byte>(original);
        var operations = random.Next(1, 6);
        for (var n = 0; n < operations; n++)
        {
            switch (random.Next(8))
            {
                case 0 when data.Count > 0:
                    data[random.Next(data.Count)] = (byte)random.Next(256);
                    break;
                case 1 when data.Count > 1:
                    var cut = random.Next(data.Count);
                    data.RemoveRange(cut, data.Count - cut); // truncation
                    break;
                case 2:
                    data.InsertRange(
                        random.Next(data.Count + 1),
                        Encoding.UTF8.GetBytes(
                            Pick(
                                random,
                                "null",
                                "-1",
                                "1e309",
                                "99999999999999999999",
                                "\"\"",
                                "[]",
                                "{}",
                                "\"\\u0000\"",
                                "true",
                                "\"2024-02-30\"",
                                "\"9999-12-31\"",
                                ",",
                                "\"漯河\""
                            )
                        )
                    );
                    break;
                case 3 when data.Count > 4:
                    var from = random.Next(data.Count - 2);
                    var length = Math.Min(random.Next(1, 64), data.Count - from);
                    data.InsertRange(random.Next(data.Count + 1), data.GetRange(from, length));
                    break;
                case 4:
                    data.InsertRange(random.Next(data.Count + 1), Encoding.UTF8.GetBytes(new string('[', random.Next(1, 80))));
                    break;
                case 5 when data.Count > 0:
                    data.RemoveRange(random.Next(data.Count), 1);
                    break;
                case 6:
                    data.InsertRange(random.Next(data.Count + 1), new byte[] { 0xC3, 0x28, 0xFF, 0xFE }.Take(random.Next(1, 5)));
                    break;
                default:
                    if (data.Count > 16)
                    {
                        var at = random.Next(data.Count - 16);
                        data.RemoveRange(at, random.Next(1, 16)); // a hole
                    }

                    break;
            }
        }

        return [.. data];
    }

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];
}
