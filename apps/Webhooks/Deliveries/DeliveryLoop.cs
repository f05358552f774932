using Microsoft.Extensions.Options;

namespace GoLive.Webhooks.Deliveries;

/// <summary>Scans the due index every <c>PollInterval</c>; everything it needs is in the state store, so a restart resumes.</summary>
internal sealed partial class DeliveryLoop(
    DeliveryDispatcher dispatcher, TimeProvider time, IOptions<WebhooksOptions> options, ILogger<DeliveryLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await dispatcher.DispatchDueAsync(stoppingToken) == DeliveryDispatcher.BatchSize)
                {
                    // A full batch may hide more due messages; keep going until the index has none due.
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery pass failed; the next tick retries")]
    private partial void LogPassFailed(Exception exception);
}
