using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Workflows.Domain.Texts;

namespace Workflows.Functions.Texts;

/// <summary>The language a reader asked for: Chinese first (the default and the fallback), English second.</summary>
public enum TextLanguage
{
    Zh,
    En,
}

/// <summary>
/// The catalogue of texts the server writes for people (deadline explanations, notifications, audit summaries):
/// <c>ServerTexts.resx</c> (Chinese, the neutral culture) and <c>ServerTexts.en.resx</c>, read through
/// Microsoft.Extensions.Localization. Stored records keep a <see cref="TextLine"/> (code and arguments) beside their
/// text, so each reader gets the language they asked for when they read it.
/// </summary>
public sealed partial class ServerTexts
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    // 周日 … 周六, fixed: the ICU data of the machine (or invariant globalization) must not change a legal text.
    private const string ChineseWeekdays = "日一二三四五六";

    private readonly IStringLocalizer localizer;

    // The resource files do not change while the process runs; a lookup through the ResourceManager takes its lock and
    // switches the thread's culture, and an orchestration renders its audit texts again on every replay (issue 22 profile).
    private readonly ConcurrentDictionary<(string Code, TextLanguage Language), string?> templates = new();

    public ServerTexts(IStringLocalizerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        localizer = factory.Create(typeof(ServerTexts));
    }

    /// <summary>The catalogue without a container (static texts such as the sweep's messages, and tests); the same
    /// resource files through the same factory type the hosts register with <c>AddLocalization</c>.</summary>
    public static ServerTexts Default { get; } =
        new(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    /// <summary>The template of <paramref name="code"/> in <paramref name="language"/>, or null when the catalogue has none.</summary>
    public string? Template(string code, TextLanguage language) =>
        templates.GetOrAdd((code, language), key => Lookup(key.Code, key.Language));

    private string? Lookup(string code, TextLanguage language)
    {
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = language == TextLanguage.En ? English : Chinese;
        try
        {
            var text = localizer[code];
            return text.ResourceNotFound ? null : text.Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    /// <summary>The codes <paramref name="language"/>'s own file has (Chinese: the neutral file; no fallback counted).</summary>
    public IReadOnlyList<string> Codes(TextLanguage language = TextLanguage.Zh)
    {
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = language == TextLanguage.En ? English : CultureInfo.InvariantCulture;
        try
        {
            return localizer.GetAllStrings(includeParentCultures: false).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    /// <summary>One line in the reader's language; a code the catalogue lacks shows as the code and its arguments
    /// (never an exception: a record written by a newer version stays readable).</summary>
    public string Render(TextLine line, TextLanguage language)
    {
        ArgumentNullException.ThrowIfNull(line);
        var template = Template(line.Code, language) ?? Template(line.Code, TextLanguage.Zh);
        if (template is null)
        {
            return line.Code + (line.Args.Count == 0 ? string.Empty : " " + string.Join(", ", line.Args.Select(a => $"{a.Key}={a.Value}")));
        }

        return Placeholder()
            .Replace(
                template,
                m =>
                    !line.Args.TryGetValue(m.Groups[1].Value, out var v) ? m.Value
                    : m.Groups[2].Success ? Day(v, language)
                    : v
            );
    }

    public IReadOnlyList<string> Render(IEnumerable<TextLine> lines, TextLanguage language) =>
        lines.Select(l => Render(l, language)).ToList();

    /// <summary>The shape of problem titles, for a text stored or sent once for every reader: "中文 / English".</summary>
    public string Pair(TextLine line) => $"{Render(line, TextLanguage.Zh)} / {Render(line, TextLanguage.En)}";

    /// <summary>The placeholders a template uses.</summary>
    public static IReadOnlyList<string> PlaceholdersOf(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    // {name:day}: an ISO date shown with its weekday in the reader's language (2024-03-01 Fri / 2024-03-01（周五）).
    private static string Day(string value, TextLanguage language) =>
        value.Length == 10
        && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? language == TextLanguage.En
                ? date.ToString("yyyy-MM-dd ddd", CultureInfo.InvariantCulture)
                : $"{value}（周{ChineseWeekdays[(int)date.DayOfWeek]}）"
            : value;

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)(:day)?\}")]
    private static partial Regex Placeholder();
}

/// <summary>
/// Which language a request reads: the best of <c>Accept-Language</c> by quality (the dashboard's switch sets it), else
/// Chinese. No query parameter: every route's parameters are declared for the contract, and the header is HTTP's own.
/// </summary>
public static class RequestLanguage
{
    public static TextLanguage Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage.Select(v => v ?? string.Empty).ToList(), out var list)
            ? list.Where(l => (l.Quality ?? 1) > 0)
                .OrderByDescending(l => l.Quality ?? 1)
                .Select(l => Named(l.Value.Value))
                .FirstOrDefault(l => l is not null) ?? TextLanguage.Zh
            : TextLanguage.Zh;
    }

    private static TextLanguage? Named(string? tag) =>
        string.IsNullOrWhiteSpace(tag) ? null
        : tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? TextLanguage.Zh
        : tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? TextLanguage.En
        : null;
}
