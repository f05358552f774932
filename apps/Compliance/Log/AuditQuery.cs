namespace GoLive.Compliance.Log;

/// <summary>Which entries to list: every given filter must match; <see cref="After"/> pages by sequence.</summary>
internal sealed record AuditQuery(string? Subject = null, string? Actor = null, string? Resource = null, string? CorrelationId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, long? After = null, int Limit = 100)
{
    public const int MaxLimit = 1000;

    public bool IsEmpty => Subject is null && Actor is null && Resource is null && CorrelationId is null && From is null && To is null;
}

/// <summary>What the log keeps in memory per entry to answer queries without reading the store.</summary>
internal sealed record EntrySummary(long Sequence, DateTimeOffset Time, string Actor, string? Subject, string Resource, string? CorrelationId)
{
    public static EntrySummary Of(AuditEntry entry)
    {
        var leaf = entry.Fields();
        var personal = entry.PersonalFields();
        return new EntrySummary(entry.Sequence, leaf.Time, personal?.Actor ?? "", personal?.Subject, leaf.Resource, leaf.CorrelationId);
    }

    public bool Matches(AuditQuery q) =>
        (q.Subject is null || Subject == q.Subject)
        && (q.Actor is null || Actor == q.Actor)
        && (q.Resource is null || Resource == q.Resource)
        && (q.CorrelationId is null || CorrelationId == q.CorrelationId)
        && (q.From is null || Time >= q.From)
        && (q.To is null || Time < q.To)
        && (q.After is null || Sequence > q.After);
}

/// <summary>Sequence numbers by subject, actor, resource and correlation id.</summary>
internal sealed class EntryIndex
{
    private readonly List<EntrySummary> _all = [];
    private readonly Dictionary<string, List<long>> _bySubject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _byActor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _byResource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _byCorrelation = new(StringComparer.Ordinal);

    public void Add(EntrySummary s)
    {
        _all.Add(s);
        if (s.Subject is not null) Add(_bySubject, s.Subject, s.Sequence);
        Add(_byActor, s.Actor, s.Sequence);
        Add(_byResource, s.Resource, s.Sequence);
        if (s.CorrelationId is not null) Add(_byCorrelation, s.CorrelationId, s.Sequence);
    }

    /// <summary>Replaces an entry's summary (after pseudonymisation changed its personal fields).</summary>
    public void Replace(EntrySummary s)
    {
        var old = _all[(int)s.Sequence];
        if (old.Subject is not null) _bySubject.GetValueOrDefault(old.Subject)?.Remove(old.Sequence);
        _byActor.GetValueOrDefault(old.Actor)?.Remove(old.Sequence);
        _all[(int)s.Sequence] = s;
        if (s.Subject is not null) Add(_bySubject, s.Subject, s.Sequence);
        Add(_byActor, s.Actor, s.Sequence);
    }

    /// <summary>Every entry that names <paramref name="person"/> as subject or actor.</summary>
    public IReadOnlyList<long> Naming(string person) =>
        (_bySubject.GetValueOrDefault(person) ?? []).Concat(_byActor.GetValueOrDefault(person) ?? []).Distinct().Order().ToList();

    public IReadOnlyList<long> Find(AuditQuery q, int limit)
    {
        var candidates = q.Subject is not null ? Summaries(_bySubject, q.Subject)
            : q.CorrelationId is not null ? Summaries(_byCorrelation, q.CorrelationId)
            : q.Actor is not null ? Summaries(_byActor, q.Actor)
            : q.Resource is not null ? Summaries(_byResource, q.Resource)
            : _all.Skip(q.After is { } after ? (int)Math.Min(after + 1, _all.Count) : 0);
        return candidates.Where(s => s.Matches(q)).Take(limit).Select(s => s.Sequence).ToList();
    }

    private IEnumerable<EntrySummary> Summaries(Dictionary<string, List<long>> index, string key) =>
        (index.GetValueOrDefault(key) ?? []).Select(seq => _all[(int)seq]);

    private static void Add(Dictionary<string, List<long>> index, string key, long sequence)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        var at = list.BinarySearch(sequence);
        if (at < 0) list.Insert(~at, sequence);
    }
}
