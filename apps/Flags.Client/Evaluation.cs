using System.Text.Json.Serialization;

namespace GoLive.Flags.Client;

/// <summary>Why a value was served (OpenFeature reasons).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvaluationReason>))]
public enum EvaluationReason
{
    [JsonStringEnumMemberName("STATIC")] Static,
    [JsonStringEnumMemberName("TARGETING_MATCH")] TargetingMatch,
    [JsonStringEnumMemberName("SPLIT")] Split,
    [JsonStringEnumMemberName("DISABLED")] Disabled,
    [JsonStringEnumMemberName("DEFAULT")] Default,
    [JsonStringEnumMemberName("ERROR")] Error,
}

/// <summary>Why an evaluation failed (OpenFeature error codes); the caller's default value is served.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlagErrorCode>))]
public enum FlagErrorCode
{
    [JsonStringEnumMemberName("NONE")] None,
    [JsonStringEnumMemberName("FLAG_NOT_FOUND")] FlagNotFound,
    [JsonStringEnumMemberName("TYPE_MISMATCH")] TypeMismatch,
    [JsonStringEnumMemberName("PARSE_ERROR")] ParseError,
    [JsonStringEnumMemberName("TARGETING_KEY_MISSING")] TargetingKeyMissing,
    [JsonStringEnumMemberName("PROVIDER_NOT_READY")] ProviderNotReady,
    [JsonStringEnumMemberName("GENERAL")] General,
}

/// <summary>
/// The result of one evaluation. <see cref="Stale"/> is true when the evaluator could not refresh its snapshot
/// from the Flags app and served the last one it knew.
/// </summary>
public readonly record struct Evaluation<T>(
    string FlagKey,
    T Value,
    string? Variant,
    EvaluationReason Reason,
    FlagErrorCode ErrorCode = FlagErrorCode.None,
    string? ErrorMessage = null,
    bool Stale = false);
