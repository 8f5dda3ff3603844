using Workflows.Domain.Energy;

namespace Workflows.Functions.Energy;

/// <summary>A checkpoint evaluation stored on the programme case (final at year end, or a reminder run before it).</summary>
public sealed record CheckpointRecord(string Key, DateOnly EvaluatedFor, bool Final, CheckpointResult Result, string? ReportBlob);

/// <summary>The programme case's Data.</summary>
public sealed record RetrofitProgrammeData(
    string ProgrammeId,
    string Title,
    string SourceDocument,
    IReadOnlyList<RetrofitCheckpoint> Checkpoints,
    RetrofitTargets Targets,
    IReadOnlyList<CheckpointRecord> Results
);

/// <summary>A retrofit project case's Data: the project, its progress reports and (failed energy review) its remediation.</summary>
public sealed record RetrofitProjectData(
    string ProgrammeId,
    string County,
    RetrofitProject Project,
    IReadOnlyList<RetrofitProgressReport> Progress,
    FailedReviewRemediation? Remediation
);
