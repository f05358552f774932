using GoLive.Compliance.Heads;
using GoLive.Compliance.Merkle;

namespace GoLive.Compliance.Log;

/// <summary>One thing verification found wrong: which entry (sequence) or head (tree size), and why.</summary>
internal sealed record VerificationProblem(string Kind, long Position, string Reason);

internal sealed record VerificationReport(bool Valid, long EntriesChecked, int HeadsChecked, IReadOnlyList<VerificationProblem> Problems);

/// <summary>
/// Recomputes the log from the state store and compares: each entry's leaf with the tree built at append time, its
/// personal fields with the hash its leaf commits to, and every signed head's signature (public key only) and root.
/// </summary>
internal sealed class LogVerifier(AuditLog log, TreeHeads heads)
{
    private const int Batch = 500;

    public async Task<VerificationReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await log.EnsureLoadedAsync(cancellationToken);
        var problems = new List<VerificationProblem>();
        var size = log.Size;
        var recomputed = new MerkleTree();
        for (long from = 0; from < size; from += Batch)
        {
            var sequences = Enumerable.Range(0, (int)Math.Min(Batch, size - from)).Select(i => from + i).ToList();
            var entries = (await log.ReadAsync(sequences, cancellationToken)).ToDictionary(e => e.Sequence);
            foreach (var sequence in sequences)
            {
                recomputed.AppendLeafHash(CheckEntry(sequence, entries.GetValueOrDefault(sequence), problems));
            }
        }

        var publicKey = await heads.PublicKeyOnlyAsync(cancellationToken);
        var sizes = await heads.SizesAsync(cancellationToken);
        foreach (var headSize in sizes)
        {
            CheckHead(headSize, await heads.AtSizeAsync(headSize, cancellationToken), recomputed, publicKey, problems);
        }
        if (await heads.LatestAsync(cancellationToken) is { } latest && (sizes.Count == 0 || latest.TreeSize != sizes[^1]))
        {
            problems.Add(new VerificationProblem("head", latest.TreeSize, "the latest head is not the last head signed"));
        }
        return new VerificationReport(problems.Count == 0, size, sizes.Count, problems);
    }

    private byte[] CheckEntry(long sequence, AuditEntry? entry, List<VerificationProblem> problems)
    {
        var appended = log.WithTree(tree => tree.LeafHash(sequence));
        if (entry is null)
        {
            problems.Add(new VerificationProblem("entry", sequence, "entry missing from the store"));
            return appended;
        }
        var leafHash = entry.LeafHash();
        if (entry.Sequence != sequence) problems.Add(new VerificationProblem("entry", sequence, $"entry claims sequence {entry.Sequence}"));
        if (!leafHash.AsSpan().SequenceEqual(appended))
        {
            problems.Add(new VerificationProblem("entry", sequence, "leaf hash differs from the one appended (committed fields altered)"));
        }
        try
        {
            if (!entry.PersonalFieldsMatch())
            {
                problems.Add(new VerificationProblem("entry", sequence, "personal fields do not match the hash the leaf commits to"));
            }
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidDataException)
        {
            problems.Add(new VerificationProblem("entry", sequence, $"entry is malformed: {e.Message}"));
        }
        return leafHash;
    }

    private static void CheckHead(long size, SignedTreeHead? head, MerkleTree recomputed, System.Security.Cryptography.ECDsa publicKey,
        List<VerificationProblem> problems)
    {
        if (head is null) { problems.Add(new VerificationProblem("head", size, "head missing from the store")); return; }
        if (head.TreeSize != size) problems.Add(new VerificationProblem("head", size, $"head claims size {head.TreeSize}"));
        if (!head.Verify(publicKey)) problems.Add(new VerificationProblem("head", size, "signature does not verify with the public key"));
        if (size > recomputed.Size) { problems.Add(new VerificationProblem("head", size, "head is larger than the log")); return; }
        if (Convert.ToHexStringLower(recomputed.RootHash(size)) != head.RootHash)
        {
            problems.Add(new VerificationProblem("head", size, "root differs from the root recomputed from the stored entries"));
        }
    }
}
