using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Requests;

/// <summary>
/// Every <see cref="RequestOptions.SweepInterval"/> (on the app's <see cref="TimeProvider"/>): raise overdue requests,
/// start approved ones whose workflow did not start, purge finished workflows, drop expired archives.
/// </summary>
internal sealed partial class RequestSchedule(RequestSweep sweep, IOptions<RequestOptions> options, TimeProvider time,
    ILogger<RequestSchedule> logger) : BackgroundService
{
    PeriodicTimer? _timer;

    // The interval starts when the app starts, so a fake clock advanced right after start ticks it.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(options.Value.SweepInterval, time);
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
                await sweep.RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Data-subject request sweep failed; retrying at the next interval")]
    partial void LogFailed(Exception exception);
}
