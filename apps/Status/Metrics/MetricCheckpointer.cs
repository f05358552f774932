using Microsoft.Extensions.Options;

namespace GoLive.Status.Metrics;

/// <summary>Options of section <c>Status:Metrics</c>.</summary>
internal sealed class MetricOptions
{
    public const string Section = "Status:Metrics";

    /// <summary>How often changed buckets are written and the journal trimmed.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Restores the metrics at start (retrying until the sidecar answers), then checkpoints on a timer and at stop.</summary>
internal sealed partial class MetricCheckpointer(
    MetricJournal journal, MetricStore metrics, IOptions<MetricOptions> options, TimeProvider time, ILogger<MetricCheckpointer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RestoreAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckpointAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!journal.Restored)
        {
            return;
        }

        // A last checkpoint shortens the next start's replay; the journal keeps everything if it cannot finish.
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await journal.CheckpointAsync(bounded.Token);
        }
        catch (Exception exception)
        {
            LogCheckpointFailed(logger, exception);
        }
    }

    private async Task RestoreAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await journal.RestoreAsync(stoppingToken);
                LogRestored(logger, metrics.SeriesKeys().Count);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRestoreFailed(logger, exception, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), time, stoppingToken);
            }
        }
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await journal.CheckpointAsync(cancellationToken);
            metrics.Prune(time.GetUtcNow());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The journal still holds every acknowledged batch; the next checkpoint retries.
            LogCheckpointFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics restored: {SeriesCount} series")]
    private static partial void LogRestored(ILogger logger, int seriesCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restoring metrics failed (attempt {Attempt}); retrying")]
    private static partial void LogRestoreFailed(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metric checkpoint failed; will retry")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
