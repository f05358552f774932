using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Heads;

/// <summary>Signs a tree head every <see cref="ComplianceOptions.TreeHeadInterval"/> (on the app's <see cref="TimeProvider"/>).</summary>
internal sealed partial class TreeHeadSchedule(TreeHeads heads, IOptions<ComplianceOptions> options, TimeProvider time,
    ILogger<TreeHeadSchedule> logger) : BackgroundService
{
    PeriodicTimer? _timer;

    // The interval starts when the app starts (ExecuteAsync itself runs later, on the thread pool).
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(options.Value.TreeHeadInterval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("Not started.");
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
