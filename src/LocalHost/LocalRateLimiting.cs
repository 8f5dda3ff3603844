using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Workflows.Functions.Hosting;
using Workflows.Functions.Http;
using Workflows.Functions.Identity;

namespace Workflows.LocalHost;

/// <summary>Request rate limits of LocalHost (section <c>RateLimits</c>); on Azure see docs/deploy.md, "Limits".</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests one principal (API key) may make per window, whatever address it calls from.</summary>
    [SettingRange(1, int.MaxValue)]
    public int PermitsPerPrincipal { get; set; } = 1200;

    /// <summary>Requests one client address may make per window, signed in or not.</summary>
    [SettingRange(1, int.MaxValue)]
    public int PermitsPerAddress { get; set; } = 6000;

    [SettingRange(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// ASP.NET Core rate limiting, chained: a request needs a permit of its principal's window and one of its address's.
/// Partitions are keyed by the resolved principal id (from configuration, never a client-chosen string) and by the
/// connection's remote address; idle partitions are dropped by the limiter, so memory stays bounded.
/// </summary>
public static class LocalRateLimiting
{
    public const string AnonymousPartition = "(anonymous)";

    public static IServiceCollection AddLocalRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName, configuration);
        services.AddRateLimiter(_ => { });
        services
            .AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>, PrincipalResolver>(
                (o, limits, resolver) =>
                {
                    o.GlobalLimiter = PartitionedRateLimiter.CreateChained(ByPrincipal(limits.Value, resolver), ByAddress(limits.Value));
                    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                    o.OnRejected = WriteProblemAsync;
                }
            );
        return services;
    }

    /// <summary>The principal's id, or none for anonymous and refused credentials (those count against the address only).</summary>
    public static string PrincipalPartition(HttpContext context, PrincipalResolver resolver) =>
        resolver.Resolve(context.Request).Principal?.Id ?? AnonymousPartition;

    private static PartitionedRateLimiter<HttpContext> ByPrincipal(RateLimitOptions limits, PrincipalResolver resolver) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            PrincipalPartition(context, resolver) is var id && id != AnonymousPartition
                ? RateLimitPartition.GetFixedWindowLimiter("principal:" + id, _ => Window(limits.PermitsPerPrincipal, limits.Window))
                : RateLimitPartition.GetNoLimiter(AnonymousPartition)
        );

    private static PartitionedRateLimiter<HttpContext> ByAddress(RateLimitOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(
                "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => Window(limits.PermitsPerAddress, limits.Window)
            )
        );

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new()
        {
            PermitLimit = Math.Max(1, permits),
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        };

    private static async ValueTask WriteProblemAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var problem = ApiProblems.Create(
            StatusCodes.Status429TooManyRequests,
            "rate-limited",
            $"请求过于频繁，请 {response.Headers.RetryAfter} 秒后重试 / Rate limit reached (RateLimits: per principal and per address); "
                + $"retry after {response.Headers.RetryAfter} s."
        );
        await problem.ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
    }
}
