using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoLive.Flags.Client;

/// <summary>The value type every variant of a flag has.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlagType>))]
public enum FlagType
{
    [JsonStringEnumMemberName("boolean")] Boolean,
    [JsonStringEnumMemberName("string")] String,
    [JsonStringEnumMemberName("number")] Number,
    [JsonStringEnumMemberName("json")] Json,
}

/// <summary>
/// A feature flag: named variants, rules tried in order, a fallthrough and a kill switch (<see cref="Enabled"/>).
/// A disabled flag serves <see cref="OffVariant"/> (or <see cref="DefaultVariant"/> when none is set).
/// </summary>
public sealed record FlagDefinition
{
    public required string Key { get; init; }
    public FlagType Type { get; init; } = FlagType.Boolean;
    public bool Enabled { get; init; } = true;
    public required IReadOnlyDictionary<string, JsonElement> Variants { get; init; }
    public required string DefaultVariant { get; init; }
    public string? OffVariant { get; init; }
    public IReadOnlyList<TargetingRule> Rules { get; init; } = [];

    /// <summary>What is served when no rule matches; none means <see cref="DefaultVariant"/> (reason DEFAULT or STATIC).</summary>
    public Serve? Fallthrough { get; init; }

    /// <summary>Mixed into the bucketing hash; changing it reshuffles who lands in which bucket.</summary>
    public string? Salt { get; init; }

    public string? Description { get; init; }

    /// <summary>The service (and optionally component) whose SLO burn pauses or rolls back this flag's rollout.</summary>
    public string? Service { get; init; }
    public string? Component { get; init; }

    public RolloutPlan? Rollout { get; init; }

    /// <summary>Incremented by the Flags app on every change of this flag.</summary>
    public long Version { get; init; }
}

/// <summary>A rule: all conditions must hold (an empty list always holds); then <see cref="Serve"/> decides the variant.</summary>
public sealed record TargetingRule(IReadOnlyList<Condition> Conditions, Serve Serve, string? Id = null);

/// <summary>One fixed variant, or a weighted split bucketed by <see cref="BucketBy"/> (default: the targeting key).</summary>
public sealed record Serve(string? Variant = null, IReadOnlyList<WeightedVariant>? Split = null, string? BucketBy = null);

/// <summary>A share of a split; weights are relative (use 100000 for a whole to express 0.001 % steps).</summary>
public sealed record WeightedVariant(string Variant, int Weight);

/// <summary>
/// A test on one context attribute. Attributes: <c>targetingKey</c>, <c>organisation</c>, <c>country</c>,
/// <c>region</c>, or any custom attribute name.
/// </summary>
public sealed record Condition(string Attribute, ConditionOperator Operator, IReadOnlyList<string> Values);

[JsonConverter(typeof(JsonStringEnumConverter<ConditionOperator>))]
public enum ConditionOperator
{
    [JsonStringEnumMemberName("in")] In,
    [JsonStringEnumMemberName("not_in")] NotIn,
    [JsonStringEnumMemberName("equals")] StringEquals,
    [JsonStringEnumMemberName("not_equals")] StringNotEquals,
    [JsonStringEnumMemberName("starts_with")] StartsWith,
    [JsonStringEnumMemberName("ends_with")] EndsWith,
    [JsonStringEnumMemberName("contains")] Contains,
    [JsonStringEnumMemberName("matches")] Matches,
    [JsonStringEnumMemberName("gt")] GreaterThan,
    [JsonStringEnumMemberName("gte")] GreaterThanOrEqual,
    [JsonStringEnumMemberName("lt")] LessThan,
    [JsonStringEnumMemberName("lte")] LessThanOrEqual,
    [JsonStringEnumMemberName("semver_eq")] SemverEquals,
    [JsonStringEnumMemberName("semver_gt")] SemverGreaterThan,
    [JsonStringEnumMemberName("semver_gte")] SemverGreaterThanOrEqual,
    [JsonStringEnumMemberName("semver_lt")] SemverLessThan,
    [JsonStringEnumMemberName("semver_lte")] SemverLessThanOrEqual,
    [JsonStringEnumMemberName("before")] Before,
    [JsonStringEnumMemberName("after")] After,
    [JsonStringEnumMemberName("in_segment")] InSegment,
    [JsonStringEnumMemberName("not_in_segment")] NotInSegment,
}

/// <summary>
/// A reusable audience: excluded keys never match, included keys always match, otherwise all conditions must hold
/// (a segment without conditions matches only its included keys). Segment conditions cannot reference segments.
/// </summary>
public sealed record Segment
{
    public required string Key { get; init; }
    public IReadOnlyList<string> Included { get; init; } = [];
    public IReadOnlyList<string> Excluded { get; init; } = [];
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
    public string? Description { get; init; }
    public long Version { get; init; }
}

/// <summary>Everything an evaluator needs, at one catalog version.</summary>
public sealed record FlagSnapshot(long Version, IReadOnlyList<FlagDefinition> Flags, IReadOnlyList<Segment> Segments);
