using System.Security.Cryptography;
using GoLive.Compliance.Merkle;

namespace GoLive.Compliance.Tests;

public sealed class MerkleTreeTests
{
    // The RFC 6962 / certificate-transparency reference leaves and the roots of their first 1..8 prefixes.
    private static readonly byte[][] ReferenceLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    private static readonly string[] ReferenceRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void Empty_tree_root_is_the_hash_of_nothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(new MerkleTree().RootHash()));
    }

    [Fact]
    public void Roots_match_the_certificate_transparency_reference_vectors()
    {
        var tree = new MerkleTree();
        for (var i = 0; i < ReferenceLeaves.Length; i++)
        {
            tree.Append(ReferenceLeaves[i]);
            Assert.Equal(ReferenceRoots[i], Convert.ToHexStringLower(tree.RootHash()));
        }
    }

    [Fact]
    public void Incremental_roots_match_a_naive_recomputation_for_every_size_up_to_130()
    {
        var (tree, leaves) = Build(130);
        for (var size = 1; size <= 130; size++)
        {
            Assert.Equal(Naive.Root(leaves[..size]), tree.RootHash(size));
        }
    }

    [Fact]
    public void Every_inclusion_proof_of_trees_up_to_33_leaves_verifies_and_matches_the_naive_path()
    {
        var (tree, leaves) = Build(33);
        for (var size = 1; size <= 33; size++)
        {
            var root = tree.RootHash(size);
            for (var index = 0; index < size; index++)
            {
                var proof = tree.InclusionProof(index, size);
                Assert.Equal(Naive.Path(index, leaves[..size]), proof);
                Assert.True(MerkleProofs.VerifyInclusion(index, size, leaves[index], proof, root), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public void Inclusion_proofs_fail_for_a_wrong_leaf_index_size_root_or_altered_hash()
    {
        var (tree, leaves) = Build(21);
        var root = tree.RootHash();
        var proof = tree.InclusionProof(5, 21);
        Assert.False(MerkleProofs.VerifyInclusion(6, 21, leaves[5], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(5, 40, leaves[5], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(5, 21, leaves[6], proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(5, 21, leaves[5], proof, tree.RootHash(20)));
        Assert.False(MerkleProofs.VerifyInclusion(5, 21, leaves[5], proof.Take(proof.Count - 1).ToList(), root));
        var altered = proof.Select(p => p.ToArray()).ToList();
        altered[1][0] ^= 1;
        Assert.False(MerkleProofs.VerifyInclusion(5, 21, leaves[5], altered, root));
    }

    [Fact]
    public void Consistency_proofs_verify_for_every_pair_of_sizes_up_to_64_and_match_the_naive_proof()
    {
        var (tree, leaves) = Build(64);
        for (var second = 1; second <= 64; second++)
        {
            for (var first = 0; first <= second; first++)
            {
                var proof = tree.ConsistencyProof(first, second);
                if (first > 0 && first < second) Assert.Equal(Naive.Consistency(first, leaves[..second], true), proof);
                Assert.True(MerkleProofs.VerifyConsistency(first, second, tree.RootHash(first), tree.RootHash(second), proof),
                    $"{first} -> {second}");
            }
        }
    }

    [Fact]
    public void Consistency_proofs_fail_against_a_forked_history_or_altered_hash()
    {
        var (tree, leaves) = Build(40);
        var proof = tree.ConsistencyProof(13, 40);
        var forked = new MerkleTree();
        for (var i = 0; i < 13; i++) forked.AppendLeafHash(i == 7 ? SHA256.HashData(leaves[i]) : leaves[i]);
        Assert.False(MerkleProofs.VerifyConsistency(13, 40, forked.RootHash(), tree.RootHash(), proof));
        var altered = proof.Select(p => p.ToArray()).ToList();
        altered[^1][3] ^= 0x80;
        Assert.False(MerkleProofs.VerifyConsistency(13, 40, tree.RootHash(13), tree.RootHash(), altered));
        Assert.False(MerkleProofs.VerifyConsistency(13, 40, tree.RootHash(13), tree.RootHash(), []));
    }

    [Fact]
    public void Batch_proofs_reproduce_the_root_for_any_subset_and_reject_a_changed_leaf()
    {
        var (tree, leaves) = Build(45);
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var size = random.Next(1, 46);
            var chosen = Enumerable.Range(0, size).Where(_ => random.Next(3) == 0).Select(i => (long)i).ToList();
            if (chosen.Count == 0) chosen.Add(random.Next(size));
            var hashes = BatchProof.Create(tree, size, chosen);
            var withLeaves = chosen.Select(i => (i, leaves[i])).ToList();
            Assert.Equal(tree.RootHash(size), BatchProof.Root(size, withLeaves, hashes));
            withLeaves[0] = (withLeaves[0].i, SHA256.HashData(withLeaves[0].Item2));
            Assert.NotEqual(tree.RootHash(size), BatchProof.Root(size, withLeaves, hashes));
        }
        Assert.Empty(BatchProof.Create(tree, 45, Enumerable.Range(0, 45).Select(i => (long)i).ToList()));
    }

    private static (MerkleTree Tree, byte[][] LeafHashes) Build(int count)
    {
        var tree = new MerkleTree();
        var leaves = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            tree.Append(BitConverter.GetBytes(i * 7919));
            leaves[i] = tree.LeafHash(i);
        }
        return (tree, leaves);
    }

    /// <summary>RFC 9162 §2.1 written as literally as possible, over leaf hashes.</summary>
    private static class Naive
    {
        public static byte[] Root(byte[][] leaves)
        {
            if (leaves.Length == 1) return leaves[0];
            var k = Largest(leaves.Length);
            return MerkleHash.Node(Root(leaves[..k]), Root(leaves[k..]));
        }

        public static List<byte[]> Path(int m, byte[][] leaves)
        {
            if (leaves.Length == 1) return [];
            var k = Largest(leaves.Length);
            return m < k ? [.. Path(m, leaves[..k]), Root(leaves[k..])] : [.. Path(m - k, leaves[k..]), Root(leaves[..k])];
        }

        public static List<byte[]> Consistency(int m, byte[][] leaves, bool complete)
        {
            if (m == leaves.Length) return complete ? [] : [Root(leaves)];
            var k = Largest(leaves.Length);
            return m <= k
                ? [.. Consistency(m, leaves[..k], complete), Root(leaves[k..])]
                : [.. Consistency(m - k, leaves[k..], false), Root(leaves[..k])];
        }

        private static int Largest(int n) { var k = 1; while (k << 1 < n) k <<= 1; return k; }
    }
}
