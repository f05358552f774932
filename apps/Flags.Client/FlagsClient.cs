using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;

namespace GoLive.Flags.Client;

/// <summary>
/// In-process flag evaluation from a local snapshot. The snapshot is loaded from the Flags app and kept current by
/// change events; when the Flags app cannot be reached the last known snapshot keeps serving with
/// <see cref="Evaluation{T}.Stale"/> set. Thread-safe; evaluation takes no lock.
/// </summary>
public sealed class FlagsClient : IDisposable
{
    public const string MeterName = "GoLive.Flags.Client";

    private readonly ConcurrentDictionary<string, VariantCounters> _counters = new(StringComparer.Ordinal);
    private readonly Lock _writeGate = new();
    private readonly Meter _meter;
    private volatile FlagEvaluator _evaluator;
    private volatile bool _stale;
    private volatile bool _loaded;

    public FlagsClient(IMeterFactory? meterFactory = null)
    {
        _evaluator = new FlagEvaluator(new FlagSnapshot(0, [], []), Counters);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableCounter("golive.flags.evaluations", ObserveCounts, "{evaluation}",
            "Flag evaluations by flag and variant.");
    }

    /// <summary>Raised (on the applying thread) after a snapshot was loaded or a change applied.</summary>
    public event Action<FlagsClient>? Changed;

    /// <summary>Raised when an applied change skipped catalog versions: the owner should reload the snapshot.</summary>
    public event Action<FlagsClient>? ReloadNeeded;

    public long SnapshotVersion => _evaluator.Version;

    /// <summary>True until a snapshot has been loaded.</summary>
    public bool IsReady => _loaded;

    /// <summary>True while the last attempt to refresh from the Flags app failed.</summary>
    public bool IsStale => _stale;

    public FlagSnapshot Snapshot => _evaluator.Snapshot;

    public Evaluation<bool> GetBoolean(string flagKey, bool defaultValue, EvaluationContext? context = null) =>
        Mark(_evaluator.GetBoolean(flagKey, defaultValue, context));

    public Evaluation<string> GetString(string flagKey, string defaultValue, EvaluationContext? context = null) =>
        Mark(_evaluator.GetString(flagKey, defaultValue, context));

    public Evaluation<double> GetNumber(string flagKey, double defaultValue, EvaluationContext? context = null) =>
        Mark(_evaluator.GetNumber(flagKey, defaultValue, context));

    public Evaluation<JsonElement> GetJson(string flagKey, JsonElement defaultValue, EvaluationContext? context = null) =>
        Mark(_evaluator.GetJson(flagKey, defaultValue, context));

    /// <summary>Any flag's value as JSON, whatever its type (for the HTTP evaluation API).</summary>
    public Evaluation<JsonElement?> GetAny(string flagKey, EvaluationContext? context = null) =>
        Mark(_evaluator.GetAny(flagKey, context));

    public bool IsEnabled(string flagKey, EvaluationContext? context = null) => GetBoolean(flagKey, false, context).Value;

    /// <summary>Evaluation counts per flag and variant since this client started (kept across reloads).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> VariantCounts() =>
        _counters.ToDictionary(p => p.Key, p => p.Value.Snapshot(), StringComparer.Ordinal);

    /// <summary>Replaces the snapshot unless the current one is newer; clears <see cref="IsStale"/>.</summary>
    public void Load(FlagSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_writeGate)
        {
            if (!_loaded || snapshot.Version >= _evaluator.Version)
            {
                _evaluator = new FlagEvaluator(snapshot, Counters);
            }

            _loaded = true;
            _stale = false;
        }

        Changed?.Invoke(this);
    }

    /// <summary>Marks results stale: the Flags app could not be reached; the last snapshot keeps serving.</summary>
    public void MarkStale() => _stale = true;

    /// <summary>
    /// Applies one change event. Duplicates and changes older than the snapshot are ignored (idempotent); a change
    /// that skips versions is applied (a kill switch must not wait) and <see cref="ReloadNeeded"/> is raised.
    /// </summary>
    public bool Apply(FlagsChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        bool gap;
        lock (_writeGate)
        {
            var current = _evaluator.Snapshot;
            if (change.CatalogVersion <= current.Version)
            {
                return false;
            }

            gap = change.CatalogVersion > current.Version + 1 || !_loaded;
            var flags = current.Flags;
            var segments = current.Segments;
            if (change.IsSegmentChange)
            {
                segments = [.. segments.Where(s => s.Key != change.Key), .. Present(change.SegmentAfter)];
            }
            else
            {
                flags = [.. flags.Where(f => f.Key != change.Key), .. Present(change.After)];
            }

            _evaluator = new FlagEvaluator(new FlagSnapshot(change.CatalogVersion, flags, segments), Counters);
        }

        Changed?.Invoke(this);
        if (gap)
        {
            ReloadNeeded?.Invoke(this);
        }

        return true;
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<T> Present<T>(T? item) where T : class => item is null ? [] : [item];

    private Evaluation<T> Mark<T>(Evaluation<T> evaluation) => _stale ? evaluation with { Stale = true } : evaluation;

    private VariantCounters Counters(string flagKey) => _counters.GetOrAdd(flagKey, static _ => new VariantCounters());

    private IEnumerable<Measurement<long>> ObserveCounts()
    {
        foreach (var (flag, counters) in _counters)
        {
            foreach (var (variant, count) in counters.Snapshot())
            {
                yield return new Measurement<long>(count,
                    new KeyValuePair<string, object?>("flag", flag), new KeyValuePair<string, object?>("variant", variant));
            }
        }
    }
}
