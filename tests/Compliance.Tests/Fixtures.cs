using System.Security.Cryptography;
using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.DaprAccess;
using GoLive.ServiceDefaults.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Compliance.Tests;

internal sealed class FixedSigningKey(ECDsa key) : ISigningKey
{
    public static readonly ECDsa Shared = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public Task<ECDsa> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(key);
}

internal sealed class RecordingAnchor : IAnchor
{
    public List<SignedTreeHead> Sent { get; } = [];

    public Task<AnchorReceipt?> SendAsync(SignedTreeHead head, CancellationToken cancellationToken = default)
    {
        Sent.Add(head);
        return Task.FromResult<AnchorReceipt?>(new AnchorReceipt("anchor", DateTimeOffset.UnixEpoch, $"receipt-{head.TreeSize}", null));
    }
}

/// <summary>An audit log, tree heads and verifier over the shared in-memory store (the app's JSON options), for domain tests.</summary>
internal sealed class LogFixture
{
    public LogFixture(InMemoryStateStore? store = null, TimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T09:00:00Z"));
        Store = store ?? new InMemoryStateStore(Components.StateStore, ComplianceJson.Options, Time);
        Log = new AuditLog(Store, NullLogger<AuditLog>.Instance);
        Heads = new TreeHeads(Log, Store, new FixedSigningKey(FixedSigningKey.Shared), Anchor, Time, NullLogger<TreeHeads>.Instance);
        Verifier = new LogVerifier(Log, Heads);
    }

    public InMemoryStateStore Store { get; }
    public TimeProvider Time { get; }
    public RecordingAnchor Anchor { get; } = new();
    public AuditLog Log { get; }
    public TreeHeads Heads { get; }
    public LogVerifier Verifier { get; }

    public static AuditEvent Event(int n, string subject = "user-1", string? correlationId = null) =>
        new($"evt-{n}", "payments", $"agent-{n % 3}", "payout.approved", $"payouts/po_{n}", subject, "payouts", AuditOutcomes.Success,
            correlationId ?? $"corr-{n % 5}", DateTimeOffset.Parse("2026-11-23T08:00:00Z").AddMinutes(n),
            new Dictionary<string, string> { ["email"] = $"{subject}@example.com" });

    public async Task AppendAsync(int count, int start = 0)
    {
        for (var i = start; i < start + count; i++) await Log.AppendAsync(Event(i, subject: $"user-{i % 4}"));
    }
}
