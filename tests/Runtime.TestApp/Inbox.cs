using System.Collections.Concurrent;
using System.Text.Json;

namespace GoLive.Runtime.TestApp;

/// <summary>What the app received, per channel (a topic route, a binding, …), so tests can wait for it.</summary>
public sealed class Inbox
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counters = new(StringComparer.Ordinal);

    public void Add(string channel, JsonElement item) =>
        _channels.GetOrAdd(channel, _ => new ConcurrentQueue<JsonElement>()).Enqueue(item.Clone());

    public IReadOnlyList<JsonElement> Read(string channel) =>
        _channels.TryGetValue(channel, out var queue) ? queue.ToArray() : [];

    /// <summary>Counts calls per key; scenarios use it to fail the first N attempts.</summary>
    public int Increment(string key) => _counters.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int Count(string key) => _counters.GetValueOrDefault(key);
}

internal static class InboxEndpoints
{
    public static void MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/inbox/{channel}", (string channel, Inbox inbox) => Results.Ok(inbox.Read(channel)));
        app.MapGet("/calls/{key}", (string key, Inbox inbox) => Results.Ok(inbox.Count(key)));
    }
}
