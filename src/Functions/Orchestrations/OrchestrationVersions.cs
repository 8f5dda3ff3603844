using System.Globalization;
using Microsoft.DurableTask;

namespace Workflows.Functions.Orchestrations;

/// <summary>
/// Orchestration versions (issue 17; docs/changing-an-orchestration.md). A new instance starts on <see cref="Current"/>
/// (Functions: host.json <c>durableTask.defaultVersion</c>; LocalHost: the client's default version) and keeps that
/// version for life, so an orchestration that changes the steps it takes branches on <see cref="IsAtLeast"/>: the
/// cases already waiting replay the code of the version they started with. Workers accept instances of their version
/// or older (<c>CurrentOrOlder</c>) and leave newer ones alone (<c>Reject</c>) during a rolling deployment.
/// </summary>
public static class OrchestrationVersions
{
    /// <summary>Instances started before versioning carry no version; they are version 1.</summary>
    public const int Unversioned = 1;

    /// <summary>Version 2: the tracker continues as new after every wake, carrying its state (bounded history).</summary>
    public const int TrackerContinuesAsNew = 2;

    /// <summary>Version 3 (issue 14): the market-entity procedures refuse what Decree 746 forbids at the point of decision
    /// (no registration with materials missing, Art. 19 para 1; a late extension extends nothing, Art. 19 para 1; no
    /// revocation without a finding or an unopposed notice, Art. 40 para 2; an Art. 41 ground), the individual-business
    /// push and deregistration are the officer's awaited acts (Art. 33 para 3), and publications are tracked obligations.</summary>
    public const int MarketEntityRefusals = 3;

    /// <summary>Version 4 (issue 14, coal measures Art. 19): a coal plan under review in a region under rectification is
    /// not given an opinion — the preliminary opinion and the approval first read the suspensions in an activity.</summary>
    public const int EnergyLaw = 4;

    /// <summary>Version 5 (issue 13): the market-entity orchestrations take a deadline's reminder days only from the
    /// deadline ComputeDeadlineActivity returned, never from a rule table (<c>LegacyReminderDays</c>); the steps of a
    /// case are those of version 4.</summary>
    public const int RemindersInDeadline = 5;

    /// <summary>Version 6 (issue 22): a registration's steps send only the members of the case data they changed
    /// (<c>CaseUpdate.DataPatchJson</c>), not the whole data with the application again; the steps are those of
    /// version 5. Every activity input stays in the durable history for the life of the case.</summary>
    public const int DataPatches = 6;

    /// <summary>The version new instances start on. Raise it with every change that alters the steps of an orchestration.</summary>
    public const string Current = "6";

    public static int Of(string? version) =>
        string.IsNullOrWhiteSpace(version) ? Unversioned : int.Parse(version, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>True when this instance started on <paramref name="version"/> or later (replay-safe: the version is in the history).</summary>
    public static bool IsAtLeast(this TaskOrchestrationContext context, int version) => Of(context.Version) >= version;
}
