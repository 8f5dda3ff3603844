using Workflows.Domain.Energy;

namespace Workflows.Functions.Energy;

/// <summary>A checkpoint evaluation stored on the programme case (final at year end, or a reminder run before it).</summary>
public sealed record CheckpointRecord(string Key, DateOnly EvaluatedFor, bool Final, CheckpointResult Result, string? ReportBlob);

/// <summary>The programme case's Data.</summary>
/// <param name="ReminderDaysBefore">Days before each year end the counties behind their share are reminded, as the
/// programme table set them at the start (null for programmes started before the table declared them).</param>
public sealed record RetrofitProgrammeData(
    string ProgrammeId,
    string Title,
    string SourceDocument,
    IReadOnlyList<RetrofitCheckpoint> Checkpoints,
    RetrofitTargets Targets,
    IReadOnlyList<CheckpointRecord> Results,
    IReadOnlyList<int>? ReminderDaysBefore = null
);

/// <summary>A retrofit project case's Data: the project, its progress reports and (failed energy review) its remediation.</summary>
/// <param name="RetrofitDeadline">Section 三: the day by which a project that failed its energy review must start its
/// retrofit (不符合节能审查要求的项目在2021年10月底前实施改造), from the programme at intake; null for other projects and
/// for cases opened before it was kept.</param>
/// <param name="StartedLate">True once the retrofit of such a project started after that day.</param>
public sealed record RetrofitProjectData(
    string ProgrammeId,
    string County,
    RetrofitProject Project,
    IReadOnlyList<RetrofitProgressReport> Progress,
    FailedReviewRemediation? Remediation,
    FailedReviewDeadline? RetrofitDeadline = null,
    bool? StartedLate = null
);
