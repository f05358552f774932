namespace GoLive.Compliance;

/// <summary>
/// Runs <see cref="RunOnceAsync"/> every <c>interval</c> on the app's <see cref="TimeProvider"/> (so tests drive it with a
/// fake clock); a failed run is logged and the next tick tries again.
/// </summary>
internal abstract partial class PeriodicWork(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    /// <summary>What the work is, for the log line of a failed run.</summary>
    protected abstract string Name { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    // The interval starts when the app starts (ExecuteAsync itself runs later, on the thread pool), so a fake clock
    // advanced right after start ticks it.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(interval, time);
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
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e, Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} failed; retrying at the next interval")]
    static partial void LogFailed(ILogger logger, Exception exception, string work);
}
