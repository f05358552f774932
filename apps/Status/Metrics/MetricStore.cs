namespace GoLive.Status.Metrics;

/// <summary>
/// Every series' buckets in memory: minute buckets rolled up into hour and day buckets as samples are applied (each
/// sample lands in all three), queried by merging the coarsest buckets that fit a window. Thread-safe by one lock:
/// batches are pre-aggregated outside it, so the lock only merges a few buckets per batch.
/// </summary>
internal sealed class MetricStore(MetricRetention retention)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SeriesKey, SeriesBuckets> _series = [];
    private readonly HashSet<(SeriesKey Series, long Hour)> _dirtyHours = [];
    private readonly HashSet<(SeriesKey Series, long Day)> _dirtyDays = [];

    public MetricRetention Retention => retention;

    /// <summary>Groups samples of a batch into per-series, per-minute aggregates (no lock taken).</summary>
    public static Dictionary<(SeriesKey Series, long Minute), MetricAggregate> Aggregate(IEnumerable<Samples.Sample> samples)
    {
        var deltas = new Dictionary<(SeriesKey, long), MetricAggregate>();
        foreach (var sample in samples)
        {
            var key = (new SeriesKey(sample.Metric, sample.Component, sample.Region), BucketTime.MinuteOf(sample.Timestamp));
            if (!deltas.TryGetValue(key, out var aggregate))
            {
                deltas[key] = aggregate = new MetricAggregate();
            }

            aggregate.Add(sample.Value, sample.Bad, MetricCatalog.All[sample.Metric].Sketched);
        }

        return deltas;
    }

    public void Apply(IEnumerable<KeyValuePair<(SeriesKey Series, long Minute), MetricAggregate>> deltas, Action? whileLocked = null)
    {
        lock (_gate)
        {
            foreach (var ((series, minute), delta) in deltas)
            {
                var buckets = BucketsOf(series);
                var hour = BucketTime.Floor(minute, BucketTime.MinutesPerHour);
                var day = BucketTime.Floor(minute, BucketTime.MinutesPerDay);
                Into(buckets.Minutes, minute).Merge(delta);
                Into(buckets.Hours, hour).Merge(delta);
                Into(buckets.Days, day).Merge(delta);
                _dirtyHours.Add((series, hour));
                _dirtyDays.Add((series, day));
            }

            whileLocked?.Invoke();
        }
    }

    /// <summary>The merge of every matching series over [from, to), using day, then hour, then minute buckets.</summary>
    public MetricAggregate Query(Func<SeriesKey, bool> match, DateTimeOffset from, DateTimeOffset to)
    {
        var result = new MetricAggregate();
        var start = BucketTime.MinuteOf(from);
        var end = BucketTime.MinuteOf(to);
        lock (_gate)
        {
            foreach (var (key, buckets) in _series)
            {
                if (match(key))
                {
                    buckets.MergeRange(start, end, result);
                }
            }
        }

        return result;
    }

    /// <summary>Day aggregates for the last <paramref name="days"/> days up to and including today.</summary>
    public IReadOnlyList<(DateOnly Day, MetricAggregate Aggregate)> Daily(Func<SeriesKey, bool> match, DateTimeOffset now, int days)
    {
        var today = BucketTime.Floor(BucketTime.MinuteOf(now), BucketTime.MinutesPerDay);
        var list = new List<(DateOnly, MetricAggregate)>(days);
        for (var i = days - 1; i >= 0; i--)
        {
            var day = today - i * BucketTime.MinutesPerDay;
            list.Add((DateOnly.FromDateTime(BucketTime.StartOf(day).UtcDateTime), Query(match, BucketTime.StartOf(day), BucketTime.StartOf(day + BucketTime.MinutesPerDay))));
        }

        return list;
    }

    public IReadOnlyList<SeriesKey> SeriesKeys()
    {
        lock (_gate)
        {
            return [.. _series.Keys];
        }
    }

    /// <summary>Drops buckets past their retention.</summary>
    public void Prune(DateTimeOffset now)
    {
        var minute = BucketTime.MinuteOf(now);
        lock (_gate)
        {
            foreach (var buckets in _series.Values)
            {
                Drop(buckets.Minutes, minute - (long)retention.Minutes.TotalMinutes);
                Drop(buckets.Hours, minute - (long)retention.Hours.TotalMinutes);
                Drop(buckets.Days, minute - (long)retention.Days.TotalMinutes);
            }
        }
    }

    /// <summary>Serialises every document changed since the last call, then forgets they changed.</summary>
    public MetricSnapshot TakeChanges(Action? whileLocked = null)
    {
        lock (_gate)
        {
            var hours = _dirtyHours.Select(d => new HourDocument(d.Series.ToString(), d.Hour, MinutesOf(d.Series, d.Hour))).ToList();
            var days = _dirtyDays.Select(d => new DayDocument(d.Series.ToString(), d.Day, HoursOf(d.Series, d.Day))).ToList();
            _dirtyHours.Clear();
            _dirtyDays.Clear();
            whileLocked?.Invoke();
            return new MetricSnapshot(hours, days, [.. _series.Keys.Select(k => k.ToString())]);
        }
    }

    /// <summary>Marks documents changed again (their checkpoint failed).</summary>
    public void MarkChanged(MetricSnapshot snapshot)
    {
        lock (_gate)
        {
            foreach (var hour in snapshot.Hours)
            {
                _dirtyHours.Add((SeriesKey.Parse(hour.Series), hour.Hour));
            }

            foreach (var day in snapshot.Days)
            {
                _dirtyDays.Add((SeriesKey.Parse(day.Series), day.Day));
            }
        }
    }

    /// <summary>Restores minute buckets of one hour.</summary>
    public void Load(HourDocument document)
    {
        lock (_gate)
        {
            var buckets = BucketsOf(SeriesKey.Parse(document.Series));
            foreach (var (offset, state) in document.Minutes)
            {
                buckets.Minutes[document.Hour + offset] = MetricAggregate.FromState(state);
            }
        }
    }

    /// <summary>Restores hour buckets of one day and the day bucket they roll up into.</summary>
    public void Load(DayDocument document)
    {
        lock (_gate)
        {
            var buckets = BucketsOf(SeriesKey.Parse(document.Series));
            var day = new MetricAggregate();
            foreach (var (offset, state) in document.Hours)
            {
                var hour = MetricAggregate.FromState(state);
                buckets.Hours[document.Day + offset * BucketTime.MinutesPerHour] = hour;
                day.Merge(hour);
            }

            buckets.Days[document.Day] = day;
        }
    }

    private Dictionary<int, AggregateState> MinutesOf(SeriesKey series, long hour)
    {
        var minutes = _series[series].Minutes;
        var result = new Dictionary<int, AggregateState>();
        for (var i = 0; i < BucketTime.MinutesPerHour; i++)
        {
            if (minutes.TryGetValue(hour + i, out var aggregate))
            {
                result[i] = aggregate.ToState();
            }
        }

        return result;
    }

    private Dictionary<int, AggregateState> HoursOf(SeriesKey series, long day)
    {
        var hours = _series[series].Hours;
        var result = new Dictionary<int, AggregateState>();
        for (var i = 0; i < 24; i++)
        {
            if (hours.TryGetValue(day + i * BucketTime.MinutesPerHour, out var aggregate))
            {
                result[i] = aggregate.ToState();
            }
        }

        return result;
    }

    private SeriesBuckets BucketsOf(SeriesKey series)
    {
        if (!_series.TryGetValue(series, out var buckets))
        {
            _series[series] = buckets = new SeriesBuckets();
        }

        return buckets;
    }

    private static MetricAggregate Into(Dictionary<long, MetricAggregate> buckets, long start)
    {
        if (!buckets.TryGetValue(start, out var aggregate))
        {
            buckets[start] = aggregate = new MetricAggregate();
        }

        return aggregate;
    }

    private static void Drop(Dictionary<long, MetricAggregate> buckets, long before)
    {
        foreach (var start in buckets.Keys.Where(k => k < before).ToList())
        {
            buckets.Remove(start);
        }
    }

    private sealed class SeriesBuckets
    {
        public Dictionary<long, MetricAggregate> Minutes { get; } = [];
        public Dictionary<long, MetricAggregate> Hours { get; } = [];
        public Dictionary<long, MetricAggregate> Days { get; } = [];

        public void MergeRange(long start, long end, MetricAggregate into)
        {
            var t = start;
            while (t < end)
            {
                if (t % BucketTime.MinutesPerDay == 0 && t + BucketTime.MinutesPerDay <= end)
                {
                    MergeIfAny(Days, t, into);
                    t += BucketTime.MinutesPerDay;
                }
                else if (t % BucketTime.MinutesPerHour == 0 && t + BucketTime.MinutesPerHour <= end)
                {
                    MergeIfAny(Hours, t, into);
                    t += BucketTime.MinutesPerHour;
                }
                else
                {
                    MergeIfAny(Minutes, t, into);
                    t++;
                }
            }
        }

        private static void MergeIfAny(Dictionary<long, MetricAggregate> buckets, long start, MetricAggregate into)
        {
            if (buckets.TryGetValue(start, out var aggregate))
            {
                into.Merge(aggregate);
            }
        }
    }
}

/// <summary>How long each bucket size is kept in memory and in the store (days must cover the 90-day page).</summary>
internal sealed record MetricRetention(TimeSpan Minutes, TimeSpan Hours, TimeSpan Days)
{
    public static MetricRetention Default { get; } = new(TimeSpan.FromDays(4), TimeSpan.FromDays(35), TimeSpan.FromDays(100));
}

/// <summary>The minute buckets of one hour of one series, stored under one key.</summary>
internal sealed record HourDocument(string Series, long Hour, Dictionary<int, AggregateState> Minutes);

/// <summary>The hour buckets of one day of one series, stored under one key (the day bucket is their merge).</summary>
internal sealed record DayDocument(string Series, long Day, Dictionary<int, AggregateState> Hours);

/// <summary>What a checkpoint writes.</summary>
internal sealed record MetricSnapshot(IReadOnlyList<HourDocument> Hours, IReadOnlyList<DayDocument> Days, IReadOnlyList<string> Series)
{
    public bool IsEmpty => Hours.Count == 0 && Days.Count == 0;
}
