namespace Workflows.Domain.Energy;

/// <summary>One source's reduction booked to one project.</summary>
public sealed record SubstitutionAllocation(string SourceId, string ProjectId, decimal Tonnes, DateOnly AllocatedOn);

/// <summary>Outcome of a ledger operation: either success, or the errors that refused it.</summary>
public sealed record LedgerResult(bool Succeeded, IReadOnlyList<ValidationError> Errors)
{
    internal static LedgerResult Ok { get; } = new(true, []);

    internal static LedgerResult Fail(ValidationError error) => new(false, [error]);

    internal static LedgerResult Fail(IReadOnlyList<ValidationError> errors) => new(false, errors);
}

/// <summary>Serializable snapshot of the ledger for a store.</summary>
public sealed record SubstitutionLedgerState(IReadOnlyList<SubstitutionSource> Sources, IReadOnlyList<SubstitutionAllocation> Allocations);

/// <summary>The substitution ledger (煤炭替代项目台账, Art. 18): registered sources and which project each serves.
/// Art. 5: the coal reduction of one source may not be used twice (同一项目煤炭消费削减量不得重复使用), so once any
/// part of a source is booked to a project, the source is that project's; Art. 21 sanctions repeated substitution
/// (重复替代). Pure and in-memory; a store persists <see cref="ToState"/>.</summary>
public sealed class SubstitutionLedger
{
    private readonly Dictionary<string, SubstitutionSource> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubstitutionAllocation> _allocationsBySource = new(StringComparer.Ordinal);

    /// <summary>An empty ledger.</summary>
    public SubstitutionLedger() { }

    /// <summary>Restores a ledger from a stored snapshot.</summary>
    public SubstitutionLedger(SubstitutionLedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var s in state.Sources)
        {
            _sources.Add(s.Id, s);
        }

        foreach (var a in state.Allocations)
        {
            _allocationsBySource.Add(a.SourceId, a);
        }
    }

    /// <summary>Registered sources.</summary>
    public IReadOnlyCollection<SubstitutionSource> Sources => _sources.Values;

    /// <summary>All allocations.</summary>
    public IReadOnlyCollection<SubstitutionAllocation> Allocations => _allocationsBySource.Values;

    /// <summary>Snapshot for persistence.</summary>
    public SubstitutionLedgerState ToState() => new([.. _sources.Values], [.. _allocationsBySource.Values]);

    /// <summary>Registers a source after validating it (Arts. 5-6). A duplicate id is refused.</summary>
    public LedgerResult Register(SubstitutionSource source, CoalSubstitutionRuleTable rules)
    {
        ArgumentNullException.ThrowIfNull(source);
        var errors = SubstitutionSourceValidator.Validate(source, rules);
        if (errors.Count > 0)
        {
            return LedgerResult.Fail(errors);
        }

        if (!_sources.TryAdd(source.Id, source))
        {
            return LedgerResult.Fail(
                new ValidationError(
                    "id",
                    "ledger.source.duplicate",
                    $"Source '{source.Id}' is already registered.",
                    EnergySources.Coal("Art. 18")
                )
            );
        }

        return LedgerResult.Ok;
    }

    /// <summary>Books <paramref name="tonnes"/> of a registered source to a project. Refuses a source already serving a
    /// project (naming that project), an unknown source, and more tonnes than the source's reduction.</summary>
    public LedgerResult Allocate(string sourceId, string projectId, decimal tonnes, DateOnly on)
    {
        if (!_sources.TryGetValue(sourceId, out var source))
        {
            return LedgerResult.Fail(
                new ValidationError(
                    "sourceId",
                    "ledger.source.unknown",
                    $"Source '{sourceId}' is not registered in the ledger (煤炭替代项目台账).",
                    EnergySources.Coal("Art. 18")
                )
            );
        }

        if (_allocationsBySource.TryGetValue(sourceId, out var held))
        {
            var who = held.ProjectId == projectId ? "this project already" : $"project '{held.ProjectId}'";
            return LedgerResult.Fail(
                new ValidationError(
                    "sourceId",
                    "ledger.source.already-used",
                    $"Source '{sourceId}' ({source.Description}) is already used by {who} ({EnergyJson.Amount(held.Tonnes)} t on {held.AllocatedOn:yyyy-MM-dd}); a reduction may not be used twice (不得重复使用).",
                    EnergySources.Coal("Arts. 5, 21")
                )
            );
        }

        if (string.IsNullOrWhiteSpace(projectId))
        {
            return LedgerResult.Fail(
                new ValidationError("projectId", "ledger.project.required", "Project id is required.", EnergySources.Coal("Art. 18"))
            );
        }

        if (tonnes <= 0 || tonnes > source.ReductionTonnes)
        {
            return LedgerResult.Fail(
                new ValidationError(
                    "tonnes",
                    "ledger.tonnes.out-of-range",
                    $"Allocated tonnes must be above 0 and at most the source's reduction {EnergyJson.Amount(source.ReductionTonnes)} t, got {EnergyJson.Amount(tonnes)} t.",
                    EnergySources.Coal("Arts. 5-6")
                )
            );
        }

        _allocationsBySource.Add(sourceId, new SubstitutionAllocation(sourceId, projectId, tonnes, on));
        return LedgerResult.Ok;
    }

    /// <summary>Removes an allocation, e.g. when a review opinion is revoked (Art. 21) or a plan is withdrawn.</summary>
    public bool Release(string sourceId) => _allocationsBySource.Remove(sourceId);

    /// <summary>The project holding a source, or null.</summary>
    public string? HolderOf(string sourceId) => _allocationsBySource.TryGetValue(sourceId, out var a) ? a.ProjectId : null;

    /// <summary>Substitution secured for a project (落实, Art. 15 para 1 second sentence): every source booked to it, its
    /// reduction achieved or still to come (Art. 8: the sum of all measures' reductions).</summary>
    public decimal SecuredFor(string projectId) => _allocationsBySource.Values.Where(a => a.ProjectId == projectId).Sum(a => a.Tonnes);

    /// <summary>Substitution actually achieved for a project by <paramref name="on"/> (实际完成, Art. 15 para 1: at least 40 %
    /// of Q before the plan is reviewed): the booked sources whose reduction has happened by that day.</summary>
    public decimal AchievedFor(string projectId, DateOnly on) =>
        _allocationsBySource.Values.Where(a => a.ProjectId == projectId && AchievedBy(_sources[a.SourceId], on)).Sum(a => a.Tonnes);

    /// <summary>The day a source's reduction counts as achieved, or null when it counts from its booking: a closure or a
    /// clean-energy replacement from the day the facility stopped (Art. 6(1), (2), (4)); a retrofit measured before and
    /// after, an indicator bought under a signed contract and a measured reduction by other means are achieved facts
    /// when they are registered (Art. 6(3), (5), (6)).</summary>
    public static DateOnly? AchievedFrom(SubstitutionSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind is SubstitutionSourceKind.CapacityClosure or SubstitutionSourceKind.CleanEnergyReplacement ? source.ClosureDate : null;
    }

    /// <summary>The registered source, or null.</summary>
    public SubstitutionSource? Source(string sourceId) => _sources.GetValueOrDefault(sourceId);

    private static bool AchievedBy(SubstitutionSource source, DateOnly on) => AchievedFrom(source) is not { } from || from <= on;

    /// <summary>Secured totals per project.</summary>
    public IReadOnlyDictionary<string, decimal> SecuredByProject() =>
        _allocationsBySource
            .Values.GroupBy(a => a.ProjectId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Tonnes), StringComparer.Ordinal);
}
