using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Heads;

/// <summary>Signs a tree head every <see cref="ComplianceOptions.TreeHeadInterval"/> (on the app's <see cref="TimeProvider"/>).</summary>
internal sealed class TreeHeadSchedule(TreeHeads heads, IOptions<ComplianceOptions> options, TimeProvider time, ILogger<TreeHeadSchedule> logger)
    : PeriodicWork(options.Value.TreeHeadInterval, time, logger)
{
    protected override string Name => "Scheduled tree head signing";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => heads.SignAsync(cancellationToken: cancellationToken);
}
