using GoLive.Flags.Client;

namespace GoLive.Flags.Catalog;

/// <summary>
/// Keeps this instance's own evaluator (behind the evaluation API and snapshot) loaded from the store: at start and
/// every few seconds, so changes made through another Flags instance show up here too.
/// </summary>
internal sealed partial class CatalogLoader(CatalogStore store, FlagsClient local, TimeProvider time, ILogger<CatalogLoader> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            local.Load((await store.LoadAsync(cancellationToken)).Catalog.ToSnapshot());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            local.MarkStale();
            LogLoadFailed(logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await LoadAsync(stoppingToken);
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the flag catalog")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);
}
