using System.Globalization;
using Workflows.Domain.Access;
using Workflows.Functions.Cases;

namespace Workflows.Functions.Supervision;

/// <summary>
/// The Chinese texts of supervision notifications: which case, which deadline, on which article, and what to do.
/// 电子监察 practice: a yellow-light reminder before the limit, a same-day reminder, and a red-light 督办 once overdue.
/// </summary>
public static class SweepMessages
{
    public static string Text(SweepItem item)
    {
        var c = item.Case;
        var d = item.Deadline;
        var due = d.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var basis = string.IsNullOrWhiteSpace(d.LegalBasis) ? d.Rule : d.LegalBasis;
        var provisional = d.Provisional ? "（期限按暂定节假日安排计算，以国务院公布为准）" : string.Empty;
        return item.Kind switch
        {
            SweepKind.Warning =>
                $"【限时办结提醒】案件 {c.Id}《{c.Title}》{d.Label}将于 {due} 24:00 到期（依据：{basis}）{provisional}。请及时{Action(d)}。",
            SweepKind.DueToday =>
                $"【今日到期提醒】案件 {c.Id}《{c.Title}》{d.Label}今日（{due}）24:00 到期（依据：{basis}）{provisional}。请于今日内{Action(d)}。",
            _ =>
                $"【逾期督办】案件 {c.Id}《{c.Title}》{d.Label}已于 {due} 24:00 到期，已逾期 {item.DaysOverdue} 天（依据：{basis}）。请立即{Action(d)}并说明逾期原因；逾期作出的决定将记录为超期办结。",
        };
    }

    /// <summary>What the responsible party has to do, by role.</summary>
    public static string Action(CaseDeadline deadline) =>
        deadline.ResponsibleRole switch
        {
            Role.RegistrationOfficer => "作出登记决定（准予登记、不予登记或一次性告知补正）",
            Role.AuthorityHead => "作出审批决定",
            Role.Enterprise or Role.ProjectOwner => "提交所需材料或办理相关手续",
            Role.MunicipalDrc or Role.ProvincialDrc or Role.CountyOffice => "完成审查并作出意见",
            _ => "办理",
        };

    public static string KindName(SweepKind kind) =>
        kind switch
        {
            SweepKind.Warning => "预警",
            SweepKind.DueToday => "今日到期",
            _ => "逾期",
        };

    public static string KindId(SweepKind kind) =>
        kind switch
        {
            SweepKind.Warning => "warning",
            SweepKind.DueToday => "due",
            _ => "overdue",
        };
}
