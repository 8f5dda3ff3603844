using System.Globalization;
using Workflows.Domain.Access;
using Workflows.Domain.Texts;
using Workflows.Functions.Cases;
using Workflows.Functions.Texts;

namespace Workflows.Functions.Supervision;

/// <summary>
/// The Chinese texts of supervision notifications: which case, which deadline, on which article, and what to do.
/// 电子监察 practice: a yellow-light reminder before the limit, a same-day reminder, and a red-light 督办 once overdue.
/// </summary>
public static class SweepMessages
{
    /// <summary>The message as sent (the group robots read Chinese): the catalogue's Chinese text of <see cref="Line"/>.</summary>
    public static string Text(SweepItem item) => ServerTexts.Default.Render(Line(item), TextLanguage.Zh);

    /// <summary>The message as a catalogue line (<c>notification.warning</c>, <c>.due-today</c>, <c>.overdue</c>).</summary>
    public static TextLine Line(SweepItem item)
    {
        var c = item.Case;
        var d = item.Deadline;
        var basis = string.IsNullOrWhiteSpace(d.LegalBasis) ? d.Rule : d.LegalBasis;
        var provisional = d.Provisional ? ServerTexts.Default.Render(TextLine.Of("notification.provisional"), TextLanguage.Zh) : string.Empty;
        var code = item.Kind switch
        {
            SweepKind.Warning => "notification.warning",
            SweepKind.DueToday => "notification.due-today",
            _ => "notification.overdue",
        };
        return TextLine.Of(
            code,
            ("caseId", c.Id),
            ("title", c.Title),
            ("deadline", d.Label),
            ("due", d.Due),
            ("basis", basis),
            ("provisional", provisional),
            ("days", item.DaysOverdue),
            ("action", Action(d))
        );
    }

    /// <summary>What the responsible party has to do, by role.</summary>
    public static string Action(CaseDeadline deadline) =>
        ServerTexts.Default.Render(TextLine.Of(ActionCode(deadline.ResponsibleRole)), TextLanguage.Zh);

    private static string ActionCode(Role role) =>
        role switch
        {
            Role.RegistrationOfficer => "notification.action.registration-officer",
            Role.AuthorityHead => "notification.action.authority-head",
            Role.Enterprise or Role.ProjectOwner => "notification.action.party",
            Role.MunicipalDrc or Role.ProvincialDrc or Role.CountyOffice => "notification.action.energy-office",
            _ => "notification.action.other",
        };

    public static string KindName(SweepKind kind) =>
        ServerTexts.Default.Render(TextLine.Of("sweep.kind." + KindId(kind)), TextLanguage.Zh);

    public static string KindId(SweepKind kind) =>
        kind switch
        {
            SweepKind.Warning => "warning",
            SweepKind.DueToday => "due",
            _ => "overdue",
        };
}
