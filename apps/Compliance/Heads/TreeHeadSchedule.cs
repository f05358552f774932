using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Heads;

/// <summary>Signs a tree head every <see cref="ComplianceOptions.TreeHeadInterval"/> (on the app's <see cref="TimeProvider"/>).</summary>
internal sealed partial class TreeHeadSchedule(TreeHeads heads, IOptions<ComplianceOptions> options, TimeProvider time,
    ILogger<TreeHeadSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TreeHeadInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await heads.SignAsync(cancellationToken: stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled tree head signing failed; retrying at the next interval")]
    partial void LogFailed(Exception exception);
}
