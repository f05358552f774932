namespace GoLive.Compliance.Merkle;

/// <summary>
/// One proof that many leaves are in a tree (what an evidence pack carries): walking RFC 9162's recursive split of
/// [0, size), every subtree holding no chosen leaf contributes its hash, in depth-first left-to-right order. A verifier
/// repeats the walk with the chosen leaves' hashes and must arrive at the signed root. Covering all leaves needs no
/// hashes; a contiguous range needs about 2·log2(size).
/// </summary>
internal static class BatchProof
{
    /// <summary>The hashes proving the leaves at sorted, distinct <paramref name="indices"/> in the tree of <paramref name="size"/>.</summary>
    public static List<byte[]> Create(MerkleTree tree, long size, IReadOnlyList<long> indices)
    {
        var hashes = new List<byte[]>();
        Walk(0, size, 0, indices.Count);
        return hashes;

        // [from, to) is the slice of indices inside [lo, hi).
        void Walk(long lo, long hi, int from, int to)
        {
            if (from == to) { hashes.Add(tree.SubtreeHash(lo, hi)); return; }
            if (hi - lo == 1) return;
            var mid = lo + MerkleHash.Split(hi - lo);
            var split = LowerBound(indices, from, to, mid);
            Walk(lo, mid, from, split);
            Walk(mid, hi, split, to);
        }
    }

    /// <summary>
    /// The root the leaves (sorted by index) and proof hashes lead to, or null when the proof has the wrong number of
    /// hashes or an index is outside the tree.
    /// </summary>
    public static byte[]? Root(long size, IReadOnlyList<(long Index, byte[] LeafHash)> leaves, IReadOnlyList<byte[]> hashes)
    {
        if (size <= 0 || leaves.Count == 0) return null;
        for (var i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Index < 0 || leaves[i].Index >= size || (i > 0 && leaves[i].Index <= leaves[i - 1].Index)) return null;
        }
        var indices = leaves.Select(l => l.Index).ToArray();
        var next = 0;
        var root = Walk(0, size, 0, leaves.Count);
        return next == hashes.Count ? root : null;

        byte[]? Walk(long lo, long hi, int from, int to)
        {
            if (from == to) return next < hashes.Count ? hashes[next++] : null;
            if (hi - lo == 1) return leaves[from].LeafHash;
            var mid = lo + MerkleHash.Split(hi - lo);
            var split = LowerBound(indices, from, to, mid);
            var left = Walk(lo, mid, from, split);
            var right = left is null ? null : Walk(mid, hi, split, to);
            return right is null ? null : MerkleHash.Node(left!, right);
        }
    }

    private static int LowerBound(IReadOnlyList<long> sorted, int from, int to, long value)
    {
        while (from < to)
        {
            var mid = (from + to) >>> 1;
            if (sorted[mid] < value) from = mid + 1; else to = mid;
        }
        return from;
    }
}
