using System.Collections.Frozen;

namespace Workflows.Domain.MarketEntities;

/// <summary>A registration material (Decree 746 Art. 16).</summary>
/// <param name="Code">Stable code used in <see cref="RegistrationApplication.Materials"/>.</param>
public sealed record Material(string Code, string NameZh, string NameEn, string Article);

/// <summary>
/// The materials to submit by entity type (embedded <c>Data/MarketEntities/materials.json</c>). Art. 19 para 2 requires
/// the authority to list every missing material at once (一次性告知), so <see cref="MissingMaterials"/> never stops
/// at the first one.
/// </summary>
public static class RequiredMaterials
{
    private const string AllTypes = "*";
    private static readonly Lazy<MaterialTable> Table = new(Load);

    /// <summary>Every material known to the catalogue, by code.</summary>
    public static IReadOnlyDictionary<string, Material> Catalogue => Table.Value.ByCode;

    /// <summary>The materials every application of this type needs, in catalogue order.</summary>
    public static IReadOnlyList<Material> For(EntityType type) => Table.Value.ByType[type];

    /// <summary>The materials this particular application needs: <see cref="For"/> plus the conditional ones
    /// (power of attorney when an agent files, Art. 18; approval documents for licensed items, Art. 14).</summary>
    public static IReadOnlyList<Material> For(RegistrationApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var required = new List<Material>(For(application.EntityType));
        foreach (var (condition, material) in Table.Value.Conditional)
        {
            var applies = condition switch
            {
                "agent" => application.Agent is not null,
                "licensedItems" => application.LicensedItems is { Count: > 0 },
                _ => false,
            };
            if (applies)
            {
                required.Add(material);
            }
        }

        return required;
    }

    /// <summary>All required materials not among <see cref="RegistrationApplication.Materials"/> (Art. 19 para 2).</summary>
    /// <param name="application">The application.</param>
    /// <param name="obtainableFromSharedPlatform">Material codes the authority can obtain itself through the government
    /// information-sharing platform; Art. 16 para 3 forbids asking the applicant for them again.</param>
    public static IReadOnlyList<Material> MissingMaterials(
        RegistrationApplication application,
        IReadOnlyCollection<string>? obtainableFromSharedPlatform = null
    )
    {
        ArgumentNullException.ThrowIfNull(application);
        var submitted = (application.Materials ?? [])
            .Concat(obtainableFromSharedPlatform ?? [])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return For(application).Where(m => !submitted.Contains(m.Code)).ToList();
    }

    private static MaterialTable Load()
    {
        var file = EmbeddedData.Load<MaterialFile>("MarketEntities/materials.json");
        var byType = Enum.GetValues<EntityType>()
            .ToFrozenDictionary(
                type => type,
                type =>
                    (IReadOnlyList<Material>)
                        file
                            .Materials.Where(m =>
                                m.Condition is null
                                && m.EntityTypes is not null
                                && m.EntityTypes.Any(t =>
                                    t == AllTypes || string.Equals(t, type.ToString(), StringComparison.OrdinalIgnoreCase)
                                )
                            )
                            .Select(m => m.ToMaterial())
                            .ToList()
            );
        var conditional = file.Materials.Where(m => m.Condition is not null).Select(m => (m.Condition!, m.ToMaterial())).ToList();
        return new MaterialTable(
            file.Materials.ToFrozenDictionary(m => m.Code, m => m.ToMaterial(), StringComparer.OrdinalIgnoreCase),
            byType,
            conditional
        );
    }

    private sealed record MaterialTable(
        FrozenDictionary<string, Material> ByCode,
        FrozenDictionary<EntityType, IReadOnlyList<Material>> ByType,
        IReadOnlyList<(string Condition, Material Material)> Conditional
    );

    private sealed record MaterialFile(string Source, string Effective, IReadOnlyList<MaterialRow> Materials);

    private sealed record MaterialRow(
        string Code,
        string NameZh,
        string NameEn,
        string Article,
        IReadOnlyList<string>? EntityTypes,
        string? Condition
    )
    {
        public Material ToMaterial() => new(Code, NameZh, NameEn, Article);
    }
}
