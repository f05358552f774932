using System.Buffers;
using System.Security.Cryptography;

namespace GoLive.Compliance.Merkle;

/// <summary>RFC 9162 hashing: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right).</summary>
internal static class MerkleHash
{
    public const int Size = 32;

    /// <summary>The root of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] Empty() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        var hash = new byte[Size];
        Leaf(data, hash);
        return hash;
    }

    public static void Leaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        // Prefix and data in one buffer: one call into the hash library instead of two.
        var length = data.Length + 1;
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        buffer[0] = 0x00;
        data.CopyTo(buffer[1..]);
        var sha = Hasher;
        sha.AppendData(buffer);
        sha.GetHashAndReset(destination);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return hash;
    }

    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + 2 * Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        var sha = Hasher;
        sha.AppendData(buffer);
        sha.GetHashAndReset(destination);
    }

    // One reusable hash context per thread: a one-shot SHA256.HashData sets up a new context per call, which costs
    // more than hashing the two blocks of a node.
    [ThreadStatic] private static IncrementalHash? _hasher;

    private static IncrementalHash Hasher => _hasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n &gt; 1): RFC 9162's split point.</summary>
    public static long Split(long n) => 1L << (63 - (int)long.LeadingZeroCount(n - 1));
}
