namespace GoLive.Runtime.PubSub;

/// <summary>
/// A subscription of one app to one topic, from the app's <c>GET /dapr/subscribe</c> or a declarative
/// <c>kind: Subscription</c> file. Paths never start with '/'.
/// </summary>
public sealed record SubscriptionSpec(
    string PubsubName,
    string Topic,
    IReadOnlyList<RouteRule> Rules,
    string? DefaultPath,
    string? DeadLetterTopic,
    IReadOnlyDictionary<string, string> Metadata,
    BulkSubscribeOptions? Bulk,
    IReadOnlyList<string> Scopes,
    SubscriptionSource Source);

/// <summary>A routing rule: deliver to <paramref name="Path"/> when the CEL-style <paramref name="Match"/> is true.</summary>
public sealed record RouteRule(string Match, string Path);

public sealed record BulkSubscribeOptions(bool Enabled, int MaxMessagesCount, int MaxAwaitDurationMs);

public enum SubscriptionSource { Programmatic, Declarative }

/// <summary>The subscriptions one sidecar currently delivers to its app (for the metadata API).</summary>
public interface IActiveSubscriptions
{
    IReadOnlyList<SubscriptionSpec> Current { get; }
}
