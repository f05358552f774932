using GoLive.DaprAccess.State;
using GoLive.Status.Samples;
using DaprComponents = GoLive.DaprAccess.Components;

namespace GoLive.Status.Metrics;

/// <summary>
/// Makes ingest durable and fast. Each accepted batch is pre-aggregated into per-minute deltas and written under one
/// journal key (<c>journal|{seq}</c>) before it is acknowledged, then merged in memory. A checkpoint writes the changed
/// hour and day documents and deletes the journal keys it covers in one transaction of the metric store (which has no
/// outbox), so a restart loads the documents and replays the journal left over: nothing acknowledged is lost and
/// nothing is counted twice.
/// </summary>
internal sealed class MetricJournal(MetricStore metrics, [FromKeyedServices(DaprComponents.MetricStore)] IStateStore store, TimeProvider time)
{
    public const string CheckpointKey = "metrics-checkpoint";
    private const int ScanChunk = 100;

    private readonly Lock _gate = new();
    private readonly SortedSet<long> _inFlight = [];
    private readonly List<long> _applied = [];
    private long _lastSeq;
    private volatile bool _restored;

    /// <summary>False until <see cref="RestoreAsync"/> has run; ingest waits for it so journal keys never collide.</summary>
    public bool Restored => _restored;

    public static string JournalKey(long seq) => $"journal|{seq:D12}";

    public static string HourKey(string series, long hour) => $"m|{series}|{hour}";

    public static string DayKey(string series, long day) => $"h|{series}|{day}";

    /// <summary>Writes the batch's deltas durably, then applies them; returns once both are done.</summary>
    public async Task AppendAsync(IReadOnlyList<Sample> samples, CancellationToken cancellationToken)
    {
        var deltas = MetricStore.Aggregate(samples);
        long seq;
        lock (_gate)
        {
            seq = ++_lastSeq;
            _inFlight.Add(seq);
        }

        try
        {
            var entry = deltas.Select(d => new BucketDelta(d.Key.Series.ToString(), d.Key.Minute, d.Value.ToState())).ToList();
            await store.SaveAsync(JournalKey(seq), entry, cancellationToken: cancellationToken);
        }
        catch
        {
            lock (_gate)
            {
                _inFlight.Remove(seq);
            }

            throw;
        }

        metrics.Apply(deltas, () => MarkApplied(seq));
    }

    /// <summary>Persists what changed since the last checkpoint; returns false when there was nothing to write.</summary>
    public async Task<bool> CheckpointAsync(CancellationToken cancellationToken)
    {
        List<long> covered = [];
        long scanFrom = 0;
        long lastSeq = 0;
        var snapshot = metrics.TakeChanges(() =>
        {
            lock (_gate)
            {
                covered = [.. _applied];
                _applied.Clear();
                lastSeq = _lastSeq;
                scanFrom = _inFlight.Count > 0 ? _inFlight.Min : _lastSeq + 1;
            }
        });
        if (snapshot.IsEmpty && covered.Count == 0)
        {
            return false;
        }

        var retention = metrics.Retention;
        var writes = new List<StateOperation>();
        writes.AddRange(snapshot.Hours.Select(h => StateOperation.Upsert(HourKey(h.Series, h.Hour), h, ttl: Ttl(retention.Minutes))));
        writes.AddRange(snapshot.Days.Select(d => StateOperation.Upsert(DayKey(d.Series, d.Day), d, ttl: Ttl(retention.Days))));
        writes.Add(StateOperation.Upsert(CheckpointKey, new JournalCheckpoint(scanFrom, lastSeq, snapshot.Series)));
        writes.AddRange(covered.Select(seq => StateOperation.Delete(JournalKey(seq))));
        try
        {
            await store.TransactAsync(writes, cancellationToken);
            return true;
        }
        catch
        {
            metrics.MarkChanged(snapshot);
            lock (_gate)
            {
                _applied.AddRange(covered);
            }

            throw;
        }
    }

    /// <summary>Loads the documents of the last checkpoint and replays every journal entry written after it.</summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var checkpoint = (await store.GetAsync<JournalCheckpoint>(CheckpointKey, cancellationToken)).Value;
        if (checkpoint is not null)
        {
            await LoadDocumentsAsync(checkpoint.Series, cancellationToken);
        }

        var next = checkpoint?.ScanFrom ?? 1;
        var mustReach = checkpoint?.LastSeq ?? 0;
        var highest = next - 1;
        while (true)
        {
            var keys = Enumerable.Range(0, ScanChunk).Select(i => JournalKey(next + i)).ToList();
            var found = await store.GetValuesAsync<List<BucketDelta>>(keys, cancellationToken);
            for (var i = 0; i < ScanChunk; i++)
            {
                if (found.TryGetValue(JournalKey(next + i), out var entry))
                {
                    Replay(next + i, entry);
                    highest = next + i;
                }
            }

            next += ScanChunk;
            if (found.Count == 0 && next > mustReach)
            {
                break;
            }
        }

        lock (_gate)
        {
            _lastSeq = Math.Max(highest, mustReach);
        }

        _restored = true;
    }

    private void Replay(long seq, List<BucketDelta> entry)
    {
        var deltas = entry.Select(d => KeyValuePair.Create((SeriesKey.Parse(d.Series), d.Minute), MetricAggregate.FromState(d.State)));
        metrics.Apply(deltas, () => MarkApplied(seq));
    }

    private async Task LoadDocumentsAsync(IReadOnlyList<string> series, CancellationToken cancellationToken)
    {
        var now = BucketTime.MinuteOf(time.GetUtcNow());
        var retention = metrics.Retention;
        foreach (var name in series)
        {
            var hourKeys = Starts(now, retention.Minutes, BucketTime.MinutesPerHour).Select(h => HourKey(name, h)).ToList();
            var dayKeys = Starts(now, retention.Days, BucketTime.MinutesPerDay).Select(d => DayKey(name, d)).ToList();
            foreach (var document in (await store.GetValuesAsync<HourDocument>(hourKeys, cancellationToken)).Values)
            {
                metrics.Load(document);
            }

            foreach (var document in (await store.GetValuesAsync<DayDocument>(dayKeys, cancellationToken)).Values)
            {
                metrics.Load(document);
            }
        }
    }

    private static IEnumerable<long> Starts(long now, TimeSpan span, long size)
    {
        var last = BucketTime.Floor(now, size);
        for (var start = BucketTime.Floor(now - (long)span.TotalMinutes, size); start <= last; start += size)
        {
            yield return start;
        }
    }

    private void MarkApplied(long seq)
    {
        lock (_gate)
        {
            _inFlight.Remove(seq);
            _applied.Add(seq);
        }
    }

    // A day past retention: the store forgets a document only after the app has pruned it.
    private static TimeSpan Ttl(TimeSpan span) => span + TimeSpan.FromDays(1);
}

/// <summary>Where replay starts (the lowest journal key that may remain) and which series exist.</summary>
internal sealed record JournalCheckpoint(long ScanFrom, long LastSeq, IReadOnlyList<string> Series);
