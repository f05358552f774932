using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Flags.Client;

/// <summary>
/// Keeps a <see cref="FlagsClient"/> loaded: at start, every refresh interval, and at once when a change event
/// skipped versions. A failed load marks the client stale and is retried sooner; the last snapshot keeps serving.
/// </summary>
public sealed partial class SnapshotRefresher(
    FlagsClient client, IFlagSnapshotSource source, FlagsClientOptions options, TimeProvider time,
    ILogger<SnapshotRefresher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _reloadSignal = new(0, 1);

    /// <summary>Loads once; true when the snapshot was refreshed.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            client.Load(await source.GetSnapshotAsync(cancellationToken));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.MarkStale();
            LogLoadFailed(logger, e, client.SnapshotVersion);
            return false;
        }
    }

    public override void Dispose()
    {
        _reloadSignal.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        client.ReloadNeeded += OnReloadNeeded;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var refreshed = await RefreshAsync(stoppingToken);
                var wait = refreshed ? options.RefreshInterval : options.RetryInterval;
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var timer = Task.Delay(wait, time, delay.Token);
                await Task.WhenAny(timer, _reloadSignal.WaitAsync(delay.Token));
                await delay.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            client.ReloadNeeded -= OnReloadNeeded;
        }
    }

    private void OnReloadNeeded(FlagsClient _)
    {
        if (_reloadSignal.CurrentCount == 0)
        {
            try
            {
                _reloadSignal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not load the flag snapshot; serving the last known snapshot {Version} as stale")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, long version);
}
