using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Requests;

/// <summary>
/// Every <see cref="RequestOptions.SweepInterval"/> (on the app's <see cref="TimeProvider"/>): raise overdue requests,
/// start approved ones whose workflow did not start, purge finished workflows, drop expired archives.
/// </summary>
internal sealed class RequestSchedule(RequestSweep sweep, IOptions<RequestOptions> options, TimeProvider time, ILogger<RequestSchedule> logger)
    : PeriodicWork(options.Value.SweepInterval, time, logger)
{
    protected override string Name => "Data-subject request sweep";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.RunAsync(cancellationToken);
}
