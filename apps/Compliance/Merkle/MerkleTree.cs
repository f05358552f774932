using System.Numerics;

namespace GoLive.Compliance.Merkle;

/// <summary>
/// An RFC 9162 Merkle tree built incrementally: each append hashes the leaf and the subtrees it completes (amortised
/// two hashes), and every complete subtree root is kept, so roots and proofs for any earlier size need no rehashing
/// of leaves. Not thread-safe: the audit log serialises writers.
/// </summary>
internal sealed class MerkleTree
{
    private readonly List<HashLevel> _levels = [new()];

    public long Size => _levels[0].Count;

    /// <summary>Appends an entry (its leaf hash is then <c>LeafHash(Size - 1)</c>).</summary>
    public void Append(ReadOnlySpan<byte> entry)
    {
        MerkleHash.Leaf(entry, _levels[0].Add());
        CompleteSubtrees();
    }

    public void AppendLeafHash(ReadOnlySpan<byte> leafHash)
    {
        leafHash.CopyTo(_levels[0].Add());
        CompleteSubtrees();
    }

    /// <summary>Hashes the interior nodes the newest leaf completes: one per trailing 1-bit of its index.</summary>
    private void CompleteSubtrees()
    {
        var index = Size - 1;
        for (var level = 0; (index & 1) == 1; level++, index >>= 1)
        {
            if (_levels.Count == level + 1) _levels.Add(new HashLevel());
            var nodes = _levels[level];
            MerkleHash.Node(nodes[index - 1], nodes[index], _levels[level + 1].Add());
        }
    }

    public byte[] LeafHash(long index) => _levels[0][index].ToArray();

    /// <summary>The root of the tree of the first <paramref name="size"/> leaves.</summary>
    public byte[] RootHash(long size)
    {
        CheckSize(size);
        return size == 0 ? MerkleHash.Empty() : SubtreeHash(0, size);
    }

    public byte[] RootHash() => RootHash(Size);

    /// <summary>RFC 9162 §2.1.3.1 inclusion proof of leaf <paramref name="index"/> in the tree of size <paramref name="size"/>.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        CheckSize(size);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        var path = new List<byte[]>();
        var (lo, hi) = (0L, size);
        var siblings = new Stack<byte[]>();
        while (hi - lo > 1)
        {
            var k = MerkleHash.Split(hi - lo);
            if (index < lo + k) { siblings.Push(SubtreeHash(lo + k, hi)); hi = lo + k; }
            else { siblings.Push(SubtreeHash(lo, lo + k)); lo += k; }
        }
        path.AddRange(siblings);
        return path;
    }

    /// <summary>RFC 9162 §2.1.4.1 consistency proof between the trees of sizes <paramref name="first"/> and <paramref name="second"/>.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long first, long second)
    {
        CheckSize(second);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, second);
        var proof = new List<byte[]>();
        if (first == 0 || first == second) return proof;
        SubProof(first, 0, second, true, proof);
        return proof;
    }

    private void SubProof(long m, long lo, long hi, bool complete, List<byte[]> proof)
    {
        if (m == hi - lo)
        {
            if (!complete) proof.Add(SubtreeHash(lo, hi));
            return;
        }
        var k = MerkleHash.Split(hi - lo);
        if (m <= k)
        {
            SubProof(m, lo, lo + k, complete, proof);
            proof.Add(SubtreeHash(lo + k, hi));
        }
        else
        {
            SubProof(m - k, lo + k, hi, false, proof);
            proof.Add(SubtreeHash(lo, lo + k));
        }
    }

    /// <summary>The hash of leaves [lo, hi): a stored node when the range is an aligned power of two, else composed.</summary>
    internal byte[] SubtreeHash(long lo, long hi)
    {
        var n = hi - lo;
        if (BitOperations.IsPow2(n) && lo % n == 0)
        {
            return _levels[BitOperations.Log2((ulong)n)][lo / n].ToArray();
        }
        var k = MerkleHash.Split(n);
        return MerkleHash.Node(SubtreeHash(lo, lo + k), SubtreeHash(lo + k, hi));
    }

    private void CheckSize(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
    }
}
