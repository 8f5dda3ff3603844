using Microsoft.DurableTask.Client;
using NCrontab;
using Workflows.Functions.Hosting;

namespace Workflows.LocalHost;

/// <summary>
/// LocalHost's stand-in for TimerTrigger: each <see cref="IScheduledJob"/>'s NCRONTAB expression is evaluated explicitly
/// in China Standard Time (UTC+8, no DST) and the job's handler is called at each occurrence, with LocalHost's durable
/// client (the Functions TimerTrigger passes its binding's).
/// </summary>
public sealed class TimerScheduler(
    IEnumerable<IScheduledJob> jobs,
    TimeProvider clock,
    DurableTaskClient client,
    ILogger<TimerScheduler> logger
) : BackgroundService
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The next occurrence strictly after <paramref name="afterUtc"/>, as a UTC instant.</summary>
    public static DateTimeOffset NextOccurrenceUtc(string chinaTimeSchedule, DateTimeOffset afterUtc)
    {
        var schedule = CrontabSchedule.Parse(chinaTimeSchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var chinaLocal = afterUtc.ToOffset(ChinaOffset).DateTime;
        var next = schedule.GetNextOccurrence(chinaLocal);
        return new DateTimeOffset(next, ChinaOffset).ToUniversalTime();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Select(job => RunJobAsync(job, stoppingToken)));

    private async Task RunJobAsync(IScheduledJob job, CancellationToken stoppingToken)
    {
        var after = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextOccurrenceUtc(job.ChinaTimeSchedule, after);
            logger.LogInformation(
                "Timer {Job} next runs at {Next:O} ({China:yyyy-MM-dd HH:mm} China time).",
                job.Name,
                next,
                next.ToOffset(ChinaOffset)
            );
            var wait = next - clock.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(false);
                }

                await job.RunAsync(next, client, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Timer {Job} failed at {Next:O}.", job.Name, next);
            }

            after = next;
        }
    }
}
