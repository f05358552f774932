using System.Globalization;
using GoLive.Compliance.Log;
using GoLive.Compliance.Privacy;
using GoLive.DaprAccess.State;
using GoLive.ServiceDefaults.Audit;
using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Retention;

/// <summary>One policy applied in a run: data of <see cref="Category"/> older than <see cref="Cutoff"/> must go.</summary>
/// <param name="Affected">Items Compliance itself changed, or null for a category owned by another service.</param>
internal sealed record RetentionPolicyRun(string Category, TimeSpan RetainFor, DateTimeOffset Cutoff, int? Affected);

internal sealed record RetentionRun(string Id, DateTimeOffset At, IReadOnlyList<RetentionPolicyRun> Policies);

/// <summary>
/// Applies the retention policies of <c>Compliance:Retention</c> (category → how long to keep). Compliance applies
/// <see cref="AuditPersonalData"/> itself (older entries' personal fields are pseudonymised, proofs intact); for every
/// other category the run is published as <c>golive.compliance.retention.executed</c> with its cutoff, for the owning
/// service to delete. Each run is recorded in the audit log.
/// </summary>
internal sealed class RetentionRuns(IOptions<ComplianceOptions> options, SubjectPseudonyms pseudonyms, IStateStore store, AuditLog log,
    TimeProvider time)
{
    public const string AuditPersonalData = "audit-personal-data";
    public const string ExecutedType = "golive.compliance.retention.executed";
    public const string LastRunKey = "retention:last";

    public async Task<RetentionRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var policies = new List<RetentionPolicyRun>();
        foreach (var (category, retainFor) in options.Value.Retention.Where(p => p.Value > TimeSpan.Zero).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var cutoff = now - retainFor;
            var affected = category == AuditPersonalData ? await pseudonyms.RedactOlderThanAsync(cutoff, cancellationToken) : (int?)null;
            policies.Add(new RetentionPolicyRun(category, retainFor, cutoff, affected));
        }
        var run = new RetentionRun(Guid.CreateVersion7().ToString("N"), now, policies);
        await store.TransactAsync([StateOperation.Upsert(LastRunKey, run, new OutboxEvent(ExecutedType) { Id = run.Id })], cancellationToken);
        await log.AppendAsync(new AuditEvent(run.Id, "compliance", "service:compliance", "retention.executed", $"retention-runs/{run.Id}", null,
            "retention", AuditOutcomes.Success, null, now, policies.ToDictionary(p => p.Category,
                p => p.Affected?.ToString(CultureInfo.InvariantCulture) ?? "published")), cancellationToken);
        return run;
    }

    public async Task<RetentionRun?> LastAsync(CancellationToken cancellationToken = default) =>
        (await store.GetAsync<RetentionRun>(LastRunKey, cancellationToken)).Value;
}
