namespace Workflows.Domain.Identifiers;

/// <summary>Why an identifier is invalid.</summary>
/// <param name="Rule">Stable rule id, e.g. <c>uscc.check-character</c> or <c>resident-id.birth-date</c>.</param>
/// <param name="Message">Precise English message (Chinese rule name in parentheses).</param>
/// <param name="Position">1-based position of the offending character, when one position is at fault.</param>
/// <param name="Expected">What the rule expected at that point (e.g. the computed check character).</param>
/// <param name="Given">What the input had.</param>
public sealed record IdentifierError(string Rule, string Message, int? Position = null, string? Expected = null, string? Given = null);
