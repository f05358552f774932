namespace GoLive.Flags.Client;

/// <summary>
/// Evaluation counts of one flag, per variant name, kept across snapshot reloads (experiments read them).
/// Lock-free on the evaluation path: counts for a variant live in one <c>long</c> slot.
/// </summary>
internal sealed class VariantCounters
{
    private readonly Lock _gate = new();
    private volatile Slot[] _slots = [];

    /// <summary>The counter slot of a variant, created on first use (at compile time, not per evaluation).</summary>
    public Slot For(string variant)
    {
        foreach (var slot in _slots)
        {
            if (slot.Variant == variant)
            {
                return slot;
            }
        }

        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                if (slot.Variant == variant)
                {
                    return slot;
                }
            }

            var created = new Slot(variant);
            _slots = [.. _slots, created];
            return created;
        }
    }

    public IReadOnlyDictionary<string, long> Snapshot() =>
        _slots.Where(s => s.Count > 0).ToDictionary(s => s.Variant, s => s.Count, StringComparer.Ordinal);

    internal sealed class Slot(string variant)
    {
        private long _count;
        public string Variant { get; } = variant;
        public long Count => Interlocked.Read(ref _count);
        public void Increment() => Interlocked.Increment(ref _count);
    }
}
