namespace GoLive.Compliance.Merkle;

/// <summary>An append-only list of 32-byte hashes in fixed-size chunks (no large copies as it grows).</summary>
internal sealed class HashLevel
{
    private const int ChunkHashes = 1 << 15;
    private readonly List<byte[]> _chunks = [];

    public long Count { get; private set; }

    public ReadOnlySpan<byte> this[long index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _chunks[(int)(index / ChunkHashes)].AsSpan((int)(index % ChunkHashes) * MerkleHash.Size, MerkleHash.Size);
        }
    }

    /// <summary>Reserves the next slot and returns it for the caller to fill.</summary>
    public Span<byte> Add()
    {
        var offset = (int)(Count % ChunkHashes);
        if (offset == 0) _chunks.Add(new byte[ChunkHashes * MerkleHash.Size]);
        Count++;
        return _chunks[^1].AsSpan(offset * MerkleHash.Size, MerkleHash.Size);
    }

    public void Truncate(long count)
    {
        Count = Math.Min(Count, count);
        var chunks = (int)((Count + ChunkHashes - 1) / ChunkHashes);
        _chunks.RemoveRange(chunks, _chunks.Count - chunks);
    }
}
