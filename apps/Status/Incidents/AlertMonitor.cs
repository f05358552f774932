using GoLive.Status.Components;
using GoLive.Status.Slos;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Incidents;

/// <summary>Loads incidents and maintenance at start, then evaluates the burn-rate rules on a timer.</summary>
internal sealed partial class AlertMonitor(
    IncidentBook incidents,
    MaintenanceSchedule maintenance,
    AlertResponder responder,
    IOptionsMonitor<AlertingOptions> alerting,
    TimeProvider time,
    ILogger<AlertMonitor> logger) : BackgroundService
{
    private volatile bool _loaded;

    public bool Loaded => _loaded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RetryAsync(async () =>
        {
            await incidents.LoadAsync(stoppingToken);
            await maintenance.LoadAsync(stoppingToken);
        }, stoppingToken);
        _loaded = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(alerting.CurrentValue.EvaluationInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await RetryAsync(() => responder.RespondAsync(stoppingToken), stoppingToken, once: true);
        }
    }

    private async Task RetryAsync(Func<Task> action, CancellationToken stoppingToken, bool once = false)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception, attempt);
                if (once)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alerting step failed (attempt {Attempt})")]
    private static partial void LogFailed(ILogger logger, Exception exception, int attempt);
}
