using System.Globalization;
using System.Text.RegularExpressions;

namespace Workflows.Integration.Tests.Walkthroughs;

/// <summary>One fenced block of a walkthrough: its language and its lines (without the fences).</summary>
public sealed record FencedBlock(string Language, int FirstLine, int LastLine, string Text);

/// <summary>A bash block to run and the output block that follows it (null: its output is not shown).</summary>
public sealed record WalkthroughStep(FencedBlock Command, FencedBlock? Expected);

/// <summary>
/// A walkthrough in docs/: prose, ```bash blocks and, after a block whose output is shown, one ```json or ```text
/// block with that output. A bash block that starts the host (<c>dotnet run</c>) is not run by the check.
/// </summary>
public sealed partial class WalkthroughDocument
{
    private WalkthroughDocument(string path, string[] lines, IReadOnlyList<FencedBlock> blocks)
    {
        Path = path;
        Lines = lines;
        Blocks = blocks;
    }

    public string Path { get; }

    public string[] Lines { get; }

    public IReadOnlyList<FencedBlock> Blocks { get; }

    /// <summary>The day the transcript was recorded ("recorded on YYYY-MM-DD" in the text).</summary>
    public DateOnly RecordedOn
    {
        get
        {
            var match = RecordedOnText().Match(string.Join('\n', Lines));
            return match.Success
                ? DateOnly.ParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"{Path} does not say when it was recorded ('recorded on YYYY-MM-DD').");
        }
    }

    public static WalkthroughDocument Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var blocks = new List<FencedBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Length == 3)
            {
                continue;
            }

            var language = lines[i][3..].Trim();
            var end = Array.FindIndex(lines, i + 1, l => l == "```");
            if (end < 0)
            {
                throw new InvalidOperationException($"{path}:{i + 1}: unclosed ``` block.");
            }

            blocks.Add(new FencedBlock(language, i + 1, end - 1, string.Join('\n', lines[(i + 1)..end])));
            i = end;
        }

        return new WalkthroughDocument(path, lines, blocks);
    }

    public IEnumerable<WalkthroughStep> Steps()
    {
        for (var i = 0; i < Blocks.Count; i++)
        {
            var block = Blocks[i];
            if (block.Language != "bash" || StartsHost(block))
            {
                continue;
            }

            var next = i + 1 < Blocks.Count ? Blocks[i + 1] : null;
            yield return new WalkthroughStep(block, next is { Language: "json" or "text" } ? next : null);
        }
    }

    /// <summary>The same document with each step's output block replaced (record mode) and the new recording day.</summary>
    public string WithOutputs(IReadOnlyDictionary<FencedBlock, string> outputs, DateOnly recordedOn)
    {
        var result = new List<string>();
        for (var i = 0; i < Lines.Length; i++)
        {
            var replaced = outputs.Keys.FirstOrDefault(b => b.FirstLine == i);
            if (replaced is null)
            {
                result.Add(Lines[i]);
                continue;
            }

            result.AddRange(outputs[replaced].Split('\n'));
            if (replaced.LastLine < replaced.FirstLine)
            {
                result.Add(Lines[i]); // the block was empty: line i is its closing fence
                continue;
            }

            i = replaced.LastLine;
        }

        var text = string.Join('\n', result) + "\n";
        return RecordedOnText().Replace(text, "recorded on " + recordedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 1);
    }

    private static bool StartsHost(FencedBlock block) =>
        block.Text.Split('\n').FirstOrDefault(l => !string.IsNullOrWhiteSpace(l) && !l.TrimStart().StartsWith('#'))?.TrimStart()
            .StartsWith("dotnet run", StringComparison.Ordinal) == true;

    [GeneratedRegex(@"recorded on (\d{4}-\d{2}-\d{2})")]
    private static partial Regex RecordedOnText();
}
