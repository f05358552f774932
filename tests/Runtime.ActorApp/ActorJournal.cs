using System.Collections.Concurrent;

namespace GoLive.Runtime.ActorApp;

/// <summary>What the actors of this app saw: overlapping calls, activations, reminders and timers that fired.</summary>
public sealed class ActorJournal
{
    private readonly ConcurrentDictionary<string, int> _inside = new();
    private int _maxOverlapPerId;
    private int _maxOverlapAcrossIds;
    private int _insideTotal;

    public ConcurrentQueue<string> Events { get; } = new();
    public int MaxOverlapPerId => Volatile.Read(ref _maxOverlapPerId);
    public int MaxOverlapAcrossIds => Volatile.Read(ref _maxOverlapAcrossIds);

    public IDisposable Enter(string actorId)
    {
        var perId = _inside.AddOrUpdate(actorId, 1, (_, n) => n + 1);
        var total = Interlocked.Increment(ref _insideTotal);
        InterlockedMax(ref _maxOverlapPerId, perId);
        InterlockedMax(ref _maxOverlapAcrossIds, total);
        return new Exit(this, actorId);
    }

    public void Record(string what) => Events.Enqueue(what);

    public int Count(string what) => Events.Count(e => e == what);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    private sealed class Exit(ActorJournal journal, string actorId) : IDisposable
    {
        public void Dispose()
        {
            journal._inside.AddOrUpdate(actorId, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref journal._insideTotal);
        }
    }
}
