using System.Text.Json;
using GoLive.Runtime.Components;

namespace GoLive.Runtime.Actors;

/// <summary>What an app says about its actors in <c>GET /dapr/config</c>, with daprd's defaults for what it leaves out.</summary>
internal sealed record ActorConfig(
    IReadOnlyList<string> Entities, TimeSpan IdleTimeout, TimeSpan ScanInterval, bool Reentrancy, int MaxStackDepth,
    IReadOnlyDictionary<string, ActorTypeConfig> PerType)
{
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(60);
    public static readonly TimeSpan DefaultScanInterval = TimeSpan.FromSeconds(30);
    public const int DefaultMaxStackDepth = 32;

    public static ActorConfig None { get; } = new([], DefaultIdleTimeout, DefaultScanInterval, false, DefaultMaxStackDepth,
        new Dictionary<string, ActorTypeConfig>());

    public ActorTypeConfig For(string actorType) =>
        PerType.GetValueOrDefault(actorType) ?? new ActorTypeConfig(IdleTimeout, Reentrancy, MaxStackDepth);

    public static ActorConfig Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return None;
        var entities = Strings(root, "entities");
        var idle = Duration(root, "actorIdleTimeout") ?? DefaultIdleTimeout;
        var scan = Duration(root, "actorScanInterval") ?? DefaultScanInterval;
        var (reentrancy, depth) = Reentrant(root, false, DefaultMaxStackDepth);
        var perType = new Dictionary<string, ActorTypeConfig>(StringComparer.Ordinal);
        if (root.TryGetProperty("entitiesConfig", out var configs) && configs.ValueKind == JsonValueKind.Array)
        {
            foreach (var config in configs.EnumerateArray())
            {
                var (typeReentrancy, typeDepth) = Reentrant(config, reentrancy, depth);
                var typeConfig = new ActorTypeConfig(Duration(config, "actorIdleTimeout") ?? idle, typeReentrancy, typeDepth);
                foreach (var type in Strings(config, "entities")) perType[type] = typeConfig;
            }
        }
        return new ActorConfig(entities, idle, scan, reentrancy, depth, perType);
    }

    private static string[] Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
            : [];

    private static TimeSpan? Duration(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && GoDuration.TryParse(value.GetString(), out var duration) && duration > TimeSpan.Zero ? duration : null;

    private static (bool, int) Reentrant(JsonElement element, bool enabled, int depth)
    {
        if (!element.TryGetProperty("reentrancy", out var r) || r.ValueKind != JsonValueKind.Object) return (enabled, depth);
        var on = r.TryGetProperty("enabled", out var e) && e.ValueKind is JsonValueKind.True;
        var max = r.TryGetProperty("maxStackDepth", out var m) && m.TryGetInt32(out var d) && d > 0 ? d : DefaultMaxStackDepth;
        return (on, max);
    }
}

internal sealed record ActorTypeConfig(TimeSpan IdleTimeout, bool Reentrancy, int MaxStackDepth);
