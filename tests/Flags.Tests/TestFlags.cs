using System.Text.Json;
using GoLive.Flags.Client;

namespace GoLive.Flags.Tests;

/// <summary>Small builders for flag definitions in tests.</summary>
internal static class TestFlags
{
    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static FlagDefinition Boolean(string key, params TargetingRule[] rules) => new()
    {
        Key = key,
        Type = FlagType.Boolean,
        Variants = new Dictionary<string, JsonElement> { ["on"] = Json("true"), ["off"] = Json("false") },
        DefaultVariant = "off",
        Rules = rules,
    };

    public static FlagDefinition Percentage(string key, int percentOn) => Boolean(key) with
    {
        Fallthrough = new Serve(Split: [new("on", percentOn * 1000), new("off", (100 - percentOn) * 1000)]),
    };

    public static TargetingRule When(string attribute, ConditionOperator op, params string[] values) =>
        new([new Condition(attribute, op, values)], new Serve("on"));

    public static FlagSnapshot Snapshot(long version, params FlagDefinition[] flags) => new(version, flags, []);
}
