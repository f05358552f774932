namespace GoLive.Status.Metrics;

/// <summary>
/// A DDSketch-style mergeable quantile sketch with relative accuracy <see cref="RelativeAccuracy"/> (1 %):
/// every quantile it reports for a value x ≥ <see cref="MinIndexable"/> lies within x·(1 ± 0.01) of the exact
/// rank-q sample. Values below <see cref="MinIndexable"/> (including 0) are counted in a zero bucket and reported as 0.
/// Buckets are logarithmic, bucket i covering (γ^(i-1), γ^i] with γ = (1+α)/(1-α); merging adds bucket counts, so the
/// merge of two sketches equals the sketch of the union.
/// </summary>
internal sealed class QuantileSketch
{
    public const double RelativeAccuracy = 0.01;
    public const double MinIndexable = 1e-3;
    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    private long[] _bins = [];
    private int _offset;   // bucket index of _bins[0]

    public long Count { get; private set; }
    public long ZeroCount { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;

    public static int IndexOf(double value) => (int)Math.Ceiling(Math.Log(value) / LogGamma);

    /// <summary>The value reported for bucket i: within α of every value in (γ^(i-1), γ^i].</summary>
    public static double ValueOf(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);

    public void Add(double value, long count = 1)
    {
        if (count <= 0)
        {
            return;
        }

        Count += count;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        if (value < MinIndexable)
        {
            ZeroCount += count;
            return;
        }

        var index = IndexOf(value);
        EnsureCovers(index, index);
        _bins[index - _offset] += count;
    }

    public void Merge(QuantileSketch other)
    {
        if (other.Count == 0)
        {
            return;
        }

        Count += other.Count;
        ZeroCount += other.ZeroCount;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        if (other._bins.Length == 0)
        {
            return;
        }

        EnsureCovers(other._offset, other._offset + other._bins.Length - 1);
        var start = other._offset - _offset;
        for (var i = 0; i < other._bins.Length; i++)
        {
            _bins[start + i] += other._bins[i];
        }
    }

    /// <summary>The q-quantile (0 ≤ q ≤ 1), or NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Floor(Math.Clamp(q, 0, 1) * (Count - 1));
        if (rank < ZeroCount)
        {
            return 0;
        }

        var seen = ZeroCount;
        for (var i = 0; i < _bins.Length; i++)
        {
            seen += _bins[i];
            if (seen > rank)
            {
                return Math.Clamp(ValueOf(i + _offset), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>How many values exceed the threshold (bucket-exact: the threshold's own bucket counts as not above).</summary>
    public long CountAbove(double threshold)
    {
        if (Count == 0 || threshold >= Max)
        {
            return 0;
        }

        if (threshold < MinIndexable)
        {
            return Count - ZeroCount;
        }

        var first = IndexOf(threshold) + 1 - _offset;
        long above = 0;
        for (var i = Math.Max(first, 0); i < _bins.Length; i++)
        {
            above += _bins[i];
        }

        return above;
    }

    /// <summary>The stored form, trimmed to the buckets that hold values.</summary>
    public SketchState ToState()
    {
        var first = Array.FindIndex(_bins, c => c != 0);
        var bins = first < 0 ? [] : _bins[first..(Array.FindLastIndex(_bins, c => c != 0) + 1)];
        return new(first < 0 ? 0 : _offset + first, bins, ZeroCount, Count == 0 ? 0 : Min, Count == 0 ? 0 : Max);
    }

    public static QuantileSketch FromState(SketchState state)
    {
        var sketch = new QuantileSketch { _offset = state.Offset, _bins = (long[])state.Bins.Clone(), ZeroCount = state.Zero };
        sketch.Count = state.Zero + state.Bins.Sum();
        if (sketch.Count > 0)
        {
            sketch.Min = state.Min;
            sketch.Max = state.Max;
        }

        return sketch;
    }

    public QuantileSketch Copy() => FromState(ToState());

    private void EnsureCovers(int low, int high)
    {
        if (_bins.Length == 0)
        {
            _offset = low;
            _bins = new long[Math.Max(high - low + 1, 8)];
            return;
        }

        var currentHigh = _offset + _bins.Length - 1;
        if (low >= _offset && high <= currentHigh)
        {
            return;
        }

        // Grow with slack on the side that overflowed so a drifting series does not reallocate on every sample.
        var newLow = low < _offset ? Math.Min(low, _offset - 16) : _offset;
        var newHigh = high > currentHigh ? Math.Max(high, currentHigh + 16) : currentHigh;
        var grown = new long[newHigh - newLow + 1];
        Array.Copy(_bins, 0, grown, _offset - newLow, _bins.Length);
        _bins = grown;
        _offset = newLow;
    }
}

/// <summary>The stored form of a sketch: dense bucket counts from <paramref name="Offset"/>.</summary>
internal sealed record SketchState(int Offset, long[] Bins, long Zero, double Min, double Max);
