using System.Globalization;

namespace Workflows.Domain.Texts;

/// <summary>
/// A text a person reads, kept as a catalogue code and its arguments rather than as words, so that it is shown in the
/// reader's language (Chinese first, English second) when it is read, not when it was written. The catalogue
/// (<c>src/Functions/Texts/ServerTexts*.resx</c>) has one template per code with <c>{name}</c> placeholders; a date
/// argument is an ISO date (<c>yyyy-MM-dd</c>) and is shown with its weekday in the reader's language.
/// </summary>
public sealed record TextLine(string Code, IReadOnlyDictionary<string, string> Args)
{
    public static TextLine Of(string code, params (string Name, object Value)[] args) =>
        new(code, args.ToDictionary(a => a.Name, a => Format(a.Value), StringComparer.Ordinal));

    private static string Format(object value) =>
        value switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
}

/// <summary>Lines of an explanation built twice at once: the English record (what the API has always returned in
/// <c>explanation</c>) and the catalogue lines the reader's language is rendered from.</summary>
public sealed class ExplanationLines
{
    private readonly List<string> english = [];
    private readonly List<TextLine> lines = [];

    public IReadOnlyList<string> English => english;

    public IReadOnlyList<TextLine> Lines => lines;

    public void Add(string englishText, string code, params (string Name, object Value)[] args)
    {
        english.Add(englishText);
        lines.Add(TextLine.Of(code, args));
    }
}
