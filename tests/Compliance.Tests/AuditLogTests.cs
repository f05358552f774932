using System.Security.Cryptography;
using System.Text.Json;
using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.Compliance.Merkle;

namespace GoLive.Compliance.Tests;

public sealed class AuditLogTests
{
    [Fact]
    public async Task Events_get_consecutive_sequence_numbers_and_a_duplicate_id_is_appended_once()
    {
        var f = new LogFixture();
        Assert.Equal(new AppendResult(0, false), await f.Log.AppendAsync(LogFixture.Event(1)));
        Assert.Equal(new AppendResult(1, false), await f.Log.AppendAsync(LogFixture.Event(2)));
        Assert.Equal(new AppendResult(0, true), await f.Log.AppendAsync(LogFixture.Event(1) with { Actor = "someone-else" }));
        Assert.Equal(2, f.Log.Size);
        Assert.Equal(2, f.Store.Keys("entry:").Count());
    }

    [Fact]
    public async Task Each_append_publishes_an_entry_appended_event_without_personal_data()
    {
        var f = new LogFixture();
        await f.Log.AppendAsync(LogFixture.Event(1, subject: "alice"));
        var published = Assert.Single(f.Store.Published);
        Assert.Equal((AuditLog.EntryAppendedType, $"{AuditLog.EntryAppendedType}:evt-1"), (published.Type, published.Id));
        Assert.DoesNotContain("alice", published.Data.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_log_rebuilds_the_same_tree_and_still_deduplicates()
    {
        var f = new LogFixture();
        await f.AppendAsync(37);
        var restarted = new LogFixture(f.Store);
        await restarted.Log.EnsureLoadedAsync();
        Assert.Equal(37, restarted.Log.Size);
        Assert.Equal(f.Log.WithTree(t => t.RootHash()), restarted.Log.WithTree(t => t.RootHash()));
        Assert.True((await restarted.Log.AppendAsync(LogFixture.Event(5, subject: "user-1"))).Duplicate);
        Assert.Equal(new AppendResult(37, false), await restarted.Log.AppendAsync(LogFixture.Event(99)));
    }

    [Fact]
    public async Task Leaves_commit_to_a_salted_hash_of_the_personal_fields_not_the_fields()
    {
        var f = new LogFixture();
        await f.Log.AppendAsync(LogFixture.Event(1, subject: "alice"));
        var entry = (await f.Log.ReadAsync([0]))[0];
        Assert.DoesNotContain("alice", entry.Leaf, StringComparison.Ordinal);
        Assert.Contains("alice", entry.Personal, StringComparison.Ordinal);
        Assert.True(entry.PersonalFieldsMatch());
        Assert.False((entry with { Personal = entry.Personal!.Replace("alice", "bob", StringComparison.Ordinal) }).PersonalFieldsMatch());
    }

    [Fact]
    public async Task Queries_filter_by_subject_actor_resource_correlation_and_time_and_page_by_sequence()
    {
        var f = new LogFixture();
        await f.AppendAsync(40);
        Assert.Equal(10, f.Log.Find(new AuditQuery(Subject: "user-1")).Count);
        Assert.All(f.Log.Find(new AuditQuery(Actor: "agent-2")), s => Assert.Equal(2, s % 3));
        Assert.Equal([7L], f.Log.Find(new AuditQuery(Resource: "payouts/po_7")));
        Assert.Equal([3L, 8L], f.Log.Find(new AuditQuery(CorrelationId: "corr-3", Limit: 2)));
        Assert.Equal([13L, 18L], f.Log.Find(new AuditQuery(CorrelationId: "corr-3", After: 8, Limit: 2)));
        var from = DateTimeOffset.Parse("2026-11-23T08:10:00Z");
        Assert.Equal(Enumerable.Range(10, 5).Select(i => (long)i), f.Log.Find(new AuditQuery(From: from, To: from.AddMinutes(5))));
        Assert.Equal([21L, 25L], f.Log.Find(new AuditQuery(Subject: "user-1", After: 17, Limit: 2)));
    }

    [Fact]
    public async Task Inclusion_proofs_of_stored_entries_verify_against_the_signed_head()
    {
        var f = new LogFixture();
        await f.AppendAsync(23);
        var head = await f.Heads.SignAsync();
        var entries = await f.Log.ReadAsync(Enumerable.Range(0, 23).Select(i => (long)i).ToList());
        foreach (var entry in entries)
        {
            var proof = f.Log.WithTree(t => t.InclusionProof(entry.Sequence, head.TreeSize));
            Assert.True(MerkleProofs.VerifyInclusion(entry.Sequence, head.TreeSize, entry.LeafHash(), proof, Convert.FromHexString(head.RootHash)));
        }
    }

    [Fact]
    public async Task Signed_heads_verify_with_the_public_key_only_and_fail_when_altered_or_under_another_key()
    {
        var f = new LogFixture();
        await f.AppendAsync(5);
        var head = await f.Heads.SignAsync();
        using var publicOnly = ECDsa.Create();
        publicOnly.ImportFromPem((await f.Heads.PublicKeyAsync()).PublicKeyPem);
        Assert.True(head.Verify(publicOnly));
        Assert.False((head with { TreeSize = 6 }).Verify(publicOnly));
        Assert.False((head with { RootHash = Convert.ToHexStringLower(MerkleHash.Empty()) }).Verify(publicOnly));
        Assert.False((head with { Signature = "not base64!" }).Verify(publicOnly));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.False(head.Verify(other));
        Assert.Equal(SignedTreeHead.KeyIdOf(publicOnly), head.KeyId);
    }

    [Fact]
    public async Task A_head_is_signed_only_when_the_log_grew_and_each_is_anchored_with_its_receipt_stored()
    {
        var f = new LogFixture();
        await f.AppendAsync(3);
        var first = await f.Heads.SignAsync();
        Assert.Equal(first, await f.Heads.SignAsync());
        await f.AppendAsync(2, start: 3);
        var second = await f.Heads.SignAsync();
        Assert.Equal([3L, 5L], f.Anchor.Sent.Select(h => h.TreeSize));
        Assert.Equal("receipt-5", (await f.Heads.AtSizeAsync(5))!.Anchor!.Data);
        Assert.Equal(second, await f.Heads.LatestAsync());
        Assert.Equal([3L, 5L], await f.Heads.SizesAsync());
    }

    [Fact]
    public async Task Verification_passes_on_an_untouched_log()
    {
        var f = new LogFixture();
        await f.AppendAsync(12);
        await f.Heads.SignAsync();
        await f.AppendAsync(4, start: 12);
        await f.Heads.SignAsync();
        var report = await f.Verifier.VerifyAsync();
        Assert.True(report.Valid, string.Join("; ", report.Problems));
        Assert.Equal((16, 2), (report.EntriesChecked, report.HeadsChecked));
    }

    [Fact]
    public async Task Verification_names_the_entry_whose_committed_fields_were_edited_in_the_store()
    {
        var f = new LogFixture();
        await f.AppendAsync(10);
        await f.Heads.SignAsync();
        Tamper(f.Store, 6, e => e with { Leaf = e.Leaf.Replace("payout.approved", "payout.rejected", StringComparison.Ordinal) });
        var problems = (await f.Verifier.VerifyAsync()).Problems;
        Assert.Equal([("entry", 6L), ("head", 10L)], problems.Select(p => (p.Kind, p.Position)));
        Assert.Contains("leaf hash", problems[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_detects_edited_personal_fields_a_deleted_entry_and_a_forged_head()
    {
        var f = new LogFixture();
        await f.AppendAsync(10);
        await f.Heads.SignAsync();
        Tamper(f.Store, 2, e => e with { Personal = e.Personal!.Replace("user-2", "user-9", StringComparison.Ordinal) });
        f.Store.Values.Remove(AuditLog.EntryKey(4));
        var head = JsonSerializer.Deserialize<SignedTreeHead>(f.Store.Values[TreeHeads.HeadKey(10)], ComplianceJson.Options)!;
        f.Store.Values[TreeHeads.HeadKey(10)] = JsonSerializer.Serialize(head with { RootHash = new string('0', 64) }, ComplianceJson.Options);

        var problems = (await f.Verifier.VerifyAsync()).Problems;
        Assert.Contains(problems, p => p is { Kind: "entry", Position: 2 } && p.Reason.Contains("personal", StringComparison.Ordinal));
        Assert.Contains(problems, p => p is { Kind: "entry", Position: 4 } && p.Reason.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p is { Kind: "head", Position: 10 } && p.Reason.Contains("signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_log_rebuilt_from_a_tampered_store_is_caught_by_the_heads_signed_before()
    {
        var f = new LogFixture();
        await f.AppendAsync(8);
        await f.Heads.SignAsync();
        Tamper(f.Store, 3, e => e with { Leaf = e.Leaf.Replace("payouts/po_3", "payouts/po_X", StringComparison.Ordinal) });
        var restarted = new LogFixture(f.Store);
        var problem = Assert.Single((await restarted.Verifier.VerifyAsync()).Problems);
        Assert.Equal(("head", 8L), (problem.Kind, problem.Position));
        Assert.Contains("root differs", problem.Reason, StringComparison.Ordinal);
    }

    internal static void Tamper(InMemoryStateStore store, long sequence, Func<AuditEntry, AuditEntry> change)
    {
        var key = AuditLog.EntryKey(sequence);
        var entry = JsonSerializer.Deserialize<AuditEntry>(store.Values[key], ComplianceJson.Options)!;
        store.Values[key] = JsonSerializer.Serialize(change(entry), ComplianceJson.Options);
    }
}
