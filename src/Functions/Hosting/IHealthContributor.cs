namespace Workflows.Functions.Hosting;

/// <summary>Adds a named section to <c>/api/health</c> (e.g. the loaded calendar years).</summary>
public interface IHealthContributor
{
    string Name { get; }

    Task<(bool Ok, object Detail)> CheckAsync(CancellationToken cancellationToken);
}
