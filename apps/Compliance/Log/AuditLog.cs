using System.Text.Json;
using GoLive.Compliance.Merkle;
using GoLive.ServiceDefaults.Audit;

namespace GoLive.Compliance.Log;

/// <summary>The result of appending an event: its sequence number, and whether the id had been appended before.</summary>
public sealed record AppendResult(long Sequence, bool Duplicate);

/// <summary>
/// The append-only audit log: entries <c>entry:{sequence}</c> in the state store (first-write, so never overwritten by
/// an append), the Merkle tree and query index in memory, rebuilt from the store at start. One writer at a time.
/// Each append publishes <c>golive.compliance.entry.appended</c> (sequence, id, leaf hash; no personal data) through
/// the store's outbox.
/// </summary>
public sealed partial class AuditLog(IStateStore store, ILogger<AuditLog> logger)
{
    public const string EntryAppendedType = "golive.compliance.entry.appended";
    public const string EntryPseudonymisedType = "golive.compliance.entry.pseudonymised";
    const int ReadBatch = 500;

    readonly SemaphoreSlim _writer = new(1, 1);
    readonly Lock _memory = new();
    readonly MerkleTree _tree = new();
    readonly EntryIndex _index = new();
    readonly Dictionary<string, long> _byEventId = new(StringComparer.Ordinal);

    public static string EntryKey(long sequence) => $"entry:{sequence}";

    public long Size { get { lock (_memory) return _tree.Size; } }

    public bool Loaded { get; private set; }

    /// <summary>Reads every stored entry (in sequence order) into the tree and index, once.</summary>
    public async Task EnsureLoadedAsync(CancellationToken cancellationToken = default)
    {
        if (Loaded) return;
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (Loaded) return;
            var count = await CountStoredAsync(cancellationToken);
            for (long from = 0; from < count; from += ReadBatch)
            {
                foreach (var entry in await ReadAsync(Range(from, Math.Min(from + ReadBatch, count)), cancellationToken))
                {
                    Remember(entry);
                }
            }
            Loaded = true;
            LogLoaded(count);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<AppendResult> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            lock (_memory)
            {
                if (_byEventId.TryGetValue(auditEvent.Id, out var existing)) return new AppendResult(existing, true);
            }
            var entry = AuditEntry.From(auditEvent, Size);
            var leafHash = entry.LeafHash();
            var appended = new { sequence = entry.Sequence, id = auditEvent.Id, leafHash = Convert.ToHexStringLower(leafHash) };
            var written = await store.TransactAsync(
            [
                new StateWrite(EntryKey(entry.Sequence), JsonSerializer.Serialize(entry, ComplianceJson.Options), FirstWrite: true),
                Projection(entry.Sequence, appended, EntryAppendedType, auditEvent.Id),
            ], cancellationToken);
            if (!written) throw new InvalidOperationException($"Entry {entry.Sequence} already exists: another writer appended to the log.");
            Remember(entry);
            return new AppendResult(entry.Sequence, false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Replaces the personal fields of an entry, keeping its leaf (and so every proof) unchanged.</summary>
    internal async Task ReplacePersonalFieldsAsync(AuditEntry replacement, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await store.TransactAsync(
            [
                new StateWrite(EntryKey(replacement.Sequence), JsonSerializer.Serialize(replacement, ComplianceJson.Options)),
                Projection(replacement.Sequence, new { sequence = replacement.Sequence }, EntryPseudonymisedType, null),
            ], cancellationToken);
            lock (_memory) _index.Replace(EntrySummary.Of(replacement));
        }
        finally
        {
            _writer.Release();
        }
    }

    public IReadOnlyList<long> Find(AuditQuery query)
    {
        lock (_memory) return _index.Find(query, Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit));
    }

    /// <summary>Every matching entry, unpaged (for evidence packs).</summary>
    public IReadOnlyList<long> FindAll(AuditQuery query)
    {
        lock (_memory) return _index.Find(query with { After = null }, int.MaxValue);
    }

    /// <summary>Every entry with this person as subject or actor.</summary>
    public IReadOnlyList<long> Naming(string person)
    {
        lock (_memory) return _index.Naming(person);
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>(sequences.Count);
        foreach (var batch in sequences.Chunk(ReadBatch))
        {
            var values = await store.GetManyAsync(batch.Select(EntryKey).ToList(), cancellationToken);
            foreach (var sequence in batch)
            {
                if (values.TryGetValue(EntryKey(sequence), out var json)
                    && JsonSerializer.Deserialize<AuditEntry>(json, ComplianceJson.Options) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }
        return entries;
    }

    /// <summary>Runs <paramref name="read"/> on the tree while no append changes it.</summary>
    public T WithTree<T>(Func<MerkleTree, T> read)
    {
        lock (_memory) return read(_tree);
    }

    void Remember(AuditEntry entry)
    {
        var leaf = entry.Fields();
        lock (_memory)
        {
            _tree.AppendLeafHash(entry.LeafHash());
            _index.Add(EntrySummary.Of(entry));
            _byEventId[leaf.Id] = entry.Sequence;
        }
    }

    async Task<long> CountStoredAsync(CancellationToken cancellationToken)
    {
        // Entries are contiguous from 0: grow a bound until missing, then binary search for the first gap.
        long high = 1;
        while (await ExistsAsync(high - 1)) high *= 2;
        var low = high / 2;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (await ExistsAsync(mid)) low = mid + 1; else high = mid;
        }
        return low;

        async Task<bool> ExistsAsync(long sequence) => await store.GetAsync(EntryKey(sequence), cancellationToken) is not null;
    }

    static StateWrite Projection(long sequence, object payload, string type, string? id)
    {
        var metadata = new Dictionary<string, string> { ["outbox.projection"] = "true", ["cloudevent.type"] = type };
        if (id is not null) metadata["cloudevent.id"] = $"{type}:{id}";
        return new StateWrite(EntryKey(sequence), JsonSerializer.Serialize(payload, ComplianceJson.Options), Metadata: metadata);
    }

    static List<long> Range(long from, long to)
    {
        var list = new List<long>((int)(to - from));
        for (var i = from; i < to; i++) list.Add(i);
        return list;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log loaded with {Count} entries")]
    partial void LogLoaded(long count);
}
