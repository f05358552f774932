using GoLive.Compliance.Merkle;
using GoLive.DaprAccess.State;
using GoLive.ServiceDefaults.Audit;

namespace GoLive.Compliance.Log;

/// <summary>The result of appending an event: its sequence number, and whether the id had been appended before.</summary>
internal sealed record AppendResult(long Sequence, bool Duplicate);

/// <summary>
/// The append-only audit log: entries <c>entry:{sequence}</c> in the state store (first-write, so never overwritten by
/// an append), the Merkle tree and query index in memory, rebuilt from the store at start. One writer at a time.
/// Each append publishes <c>golive.compliance.entry.appended</c> (sequence, id, leaf hash; no personal data) through
/// the store's outbox.
/// </summary>
internal sealed partial class AuditLog(IStateStore store, ILogger<AuditLog> logger)
{
    public const string EntryAppendedType = "golive.compliance.entry.appended";
    public const string EntryPseudonymisedType = "golive.compliance.entry.pseudonymised";
    private const int ReadBatch = 500;

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _memory = new();
    private readonly MerkleTree _tree = new();
    private readonly EntryIndex _index = new();
    private readonly Dictionary<string, long> _byEventId = new(StringComparer.Ordinal);

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
            var written = await store.TryTransactAsync(
                [StateOperation.Insert(EntryKey(entry.Sequence), entry, Event(EntryAppendedType, appended, auditEvent.Id))], cancellationToken);
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
            var pseudonymised = Event(EntryPseudonymisedType, new { sequence = replacement.Sequence });
            await store.TransactAsync([StateOperation.Upsert(EntryKey(replacement.Sequence), replacement, pseudonymised)], cancellationToken);
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
            var values = await store.GetValuesAsync<AuditEntry>(batch.Select(EntryKey).ToList(), cancellationToken);
            foreach (var sequence in batch)
            {
                if (values.TryGetValue(EntryKey(sequence), out var entry))
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

    private void Remember(AuditEntry entry)
    {
        var leaf = entry.Fields();
        lock (_memory)
        {
            _tree.AppendLeafHash(entry.LeafHash());
            _index.Add(EntrySummary.Of(entry));
            _byEventId[leaf.Id] = entry.Sequence;
        }
    }

    private async Task<long> CountStoredAsync(CancellationToken cancellationToken)
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

        async Task<bool> ExistsAsync(long sequence) => (await store.GetAsync<AuditEntry>(EntryKey(sequence), cancellationToken)).Value is not null;
    }

    // Subscribers get the payload, never the stored entry (its personal fields); the id lets them deduplicate.
    private static OutboxEvent Event(string type, object payload, string? id = null) =>
        new(type) { Id = id is null ? null : $"{type}:{id}", Payload = payload };

    private static List<long> Range(long from, long to)
    {
        var list = new List<long>((int)(to - from));
        for (var i = from; i < to; i++) list.Add(i);
        return list;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log loaded with {Count} entries")]
    private partial void LogLoaded(long count);
}
