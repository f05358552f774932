using GoLive.Compliance.Evidence;
using GoLive.Compliance.Log;
using GoLive.Compliance.Merkle;
using GoLive.Compliance.Privacy;

namespace GoLive.Compliance.Tests;

public sealed class PseudonymisationTests
{
    private sealed class FixedKey : IPseudonymKey
    {
        public Task<byte[]> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult("test-pseudonym-key"u8.ToArray());
    }

    [Fact]
    public async Task Pseudonymising_a_subject_removes_their_identifiers_and_every_proof_and_head_still_verifies()
    {
        var f = new LogFixture();
        await f.AppendAsync(20);
        var head = await f.Heads.SignAsync();
        var pseudonyms = new SubjectPseudonyms(f.Log, new FixedKey(), f.Time);

        var result = await pseudonyms.PseudonymiseAsync("user-1");

        Assert.Equal(5, result!.Entries);
        Assert.DoesNotContain(f.Store.Values, kv => kv.Key.StartsWith("entry:", StringComparison.Ordinal)
            && (kv.Value.Contains("user-1", StringComparison.Ordinal) || kv.Value.Contains("user-1@example.com", StringComparison.Ordinal)));
        Assert.Empty(f.Log.Find(new AuditQuery(Subject: "user-1")));
        Assert.Equal(6, f.Log.Find(new AuditQuery(Subject: result.Pseudonym)).Count);

        var report = await f.Verifier.VerifyAsync();
        Assert.True(report.Valid, string.Join("; ", report.Problems));
        var root = Convert.FromHexString(head.RootHash);
        foreach (var entry in await f.Log.ReadAsync(Enumerable.Range(0, 20).Select(i => (long)i).ToList()))
        {
            var proof = f.Log.WithTree(t => t.InclusionProof(entry.Sequence, head.TreeSize));
            Assert.True(MerkleProofs.VerifyInclusion(entry.Sequence, head.TreeSize, entry.LeafHash(), proof, root));
        }
        var next = await f.Heads.SignAsync();
        Assert.True(MerkleProofs.VerifyConsistency(head.TreeSize, next.TreeSize, root, Convert.FromHexString(next.RootHash),
            f.Log.WithTree(t => t.ConsistencyProof(head.TreeSize, next.TreeSize))));
    }

    [Fact]
    public async Task An_evidence_pack_of_pseudonymised_entries_still_verifies_and_carries_no_personal_fields()
    {
        var f = new LogFixture();
        await f.AppendAsync(12);
        var result = await new SubjectPseudonyms(f.Log, new FixedKey(), f.Time).PseudonymiseAsync("user-2");
        var (pack, _) = await EvidencePackTests.BuildAsync(new EvidenceSelection(Subject: result!.Pseudonym), f);
        var report = EvidencePackVerifier.Verify(new MemoryStream(pack));
        Assert.True(report.Valid, string.Join("; ", report.Problems));
        Assert.DoesNotContain("user-2", new EvidencePackFiles(pack).Text(EvidencePackFormat.Entries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pseudonym_is_keyed_and_stable_and_an_unknown_subject_changes_nothing()
    {
        var f = new LogFixture();
        await f.AppendAsync(4);
        var pseudonyms = new SubjectPseudonyms(f.Log, new FixedKey(), f.Time);
        Assert.Equal(await pseudonyms.PseudonymOfAsync("user-1"), await pseudonyms.PseudonymOfAsync("user-1"));
        Assert.NotEqual(await pseudonyms.PseudonymOfAsync("user-1"), await pseudonyms.PseudonymOfAsync("user-2"));
        var before = f.Store.Values.ToDictionary();
        Assert.Null(await pseudonyms.PseudonymiseAsync("nobody"));
        Assert.Equal(before, f.Store.Values.ToDictionary());
    }
}
