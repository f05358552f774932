using System.Net;
using System.Text.Json;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.PubSub;

/// <summary>Reads an app's programmatic subscriptions from <c>GET /dapr/subscribe</c> (404 means none).</summary>
internal static class AppSubscriptions
{
    public static async Task<IReadOnlyList<SubscriptionSpec>> LoadAsync(AppChannel app, CancellationToken cancellationToken)
    {
        using var response = await app.Client.GetAsync("dapr/subscribe", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, default, cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new FormatException("GET /dapr/subscribe must answer a JSON array");
        return document.RootElement.EnumerateArray().Select(Read).ToArray();
    }

    private static SubscriptionSpec Read(JsonElement item)
    {
        var pubsub = String(item, "pubsubname") ?? String(item, "pubsubName") ?? throw new FormatException("a subscription has no pubsubname");
        var topic = String(item, "topic") ?? throw new FormatException($"a subscription on {pubsub} has no topic");
        var rules = new List<RouteRule>();
        var defaultPath = String(item, "route");
        if (item.TryGetProperty("routes", out var routes) && routes.ValueKind == JsonValueKind.Object)
        {
            defaultPath = String(routes, "default") ?? defaultPath;
            if (routes.TryGetProperty("rules", out var list) && list.ValueKind == JsonValueKind.Array)
                rules.AddRange(list.EnumerateArray().Select(r => new RouteRule(String(r, "match") ?? "", (String(r, "path") ?? "").TrimStart('/'))));
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
            foreach (var p in m.EnumerateObject()) metadata[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        BulkSubscribeOptions? bulk = null;
        if (item.TryGetProperty("bulkSubscribe", out var b) && b.ValueKind == JsonValueKind.Object)
        {
            bulk = new BulkSubscribeOptions(
                b.TryGetProperty("enabled", out var e) && e.ValueKind == JsonValueKind.True,
                b.TryGetProperty("maxMessagesCount", out var c) && c.TryGetInt32(out var count) && count > 0 ? count : 100,
                b.TryGetProperty("maxAwaitDurationMs", out var w) && w.TryGetInt32(out var wait) && wait > 0 ? wait : 1000);
        }

        return new SubscriptionSpec(pubsub, topic, rules, defaultPath?.TrimStart('/'), String(item, "deadLetterTopic"),
            metadata, bulk, [], SubscriptionSource.Programmatic);
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
