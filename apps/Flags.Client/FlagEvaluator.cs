using System.Collections.Frozen;
using System.Text.Json;

namespace GoLive.Flags.Client;

/// <summary>
/// Evaluates flags of one immutable snapshot. Rules are tried in order; the first whose conditions all hold serves
/// its variant (TARGETING_MATCH) or its split (SPLIT); otherwise the fallthrough serves (DEFAULT, SPLIT, or STATIC for a
/// flag without rules). A disabled flag serves its off variant (DISABLED). Never throws: failures return the caller's
/// default with reason ERROR and an error code.
/// </summary>
public sealed class FlagEvaluator
{
    private readonly FrozenDictionary<string, CompiledFlag> _flags;
    private readonly FrozenDictionary<string, string> _invalid;

    internal FlagEvaluator(FlagSnapshot snapshot, Func<string, VariantCounters> counters)
    {
        Snapshot = snapshot;
        var invalid = new Dictionary<string, string>(StringComparer.Ordinal);
        var segments = new Dictionary<string, CompiledSegment>(StringComparer.Ordinal);
        foreach (var segment in snapshot.Segments)
        {
            try
            {
                segments[segment.Key] = new CompiledSegment(segment);
            }
            catch (FormatException e)
            {
                invalid["segment:" + segment.Key] = e.Message;
            }
        }

        var flags = new Dictionary<string, CompiledFlag>(StringComparer.Ordinal);
        foreach (var flag in snapshot.Flags)
        {
            try
            {
                flags[flag.Key] = new CompiledFlag(flag, segments, counters(flag.Key));
            }
            catch (FormatException e)
            {
                invalid[flag.Key] = e.Message;
            }
        }

        _flags = flags.ToFrozenDictionary(StringComparer.Ordinal);
        _invalid = invalid.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>An evaluator of a snapshot, with its own evaluation counters.</summary>
    public static FlagEvaluator Create(FlagSnapshot snapshot) => new(snapshot, _ => new VariantCounters());

    public FlagSnapshot Snapshot { get; }
    public long Version => Snapshot.Version;

    /// <summary>Flags (and <c>segment:</c> keys) that could not be compiled, with the reason; they evaluate to PARSE_ERROR.</summary>
    public IReadOnlyDictionary<string, string> Invalid => _invalid;

    /// <summary>The first problem of a flag definition, checked against the given segments, or null when it compiles.</summary>
    public static string? Validate(FlagDefinition flag, IEnumerable<Segment> segments)
    {
        var evaluator = Create(new FlagSnapshot(0, [flag], [.. segments]));
        return evaluator._invalid.TryGetValue(flag.Key, out var error) ? error : null;
    }

    /// <summary>The first problem of a segment definition, or null when it compiles.</summary>
    public static string? Validate(Segment segment)
    {
        var evaluator = Create(new FlagSnapshot(0, [], [segment]));
        return evaluator._invalid.Values.FirstOrDefault();
    }

    public Evaluation<bool> GetBoolean(string flagKey, bool defaultValue, EvaluationContext? context = null) =>
        Typed(flagKey, defaultValue, context, FlagType.Boolean, static (f, i) => f.Booleans[i]);

    public Evaluation<string> GetString(string flagKey, string defaultValue, EvaluationContext? context = null) =>
        Typed(flagKey, defaultValue, context, FlagType.String, static (f, i) => f.Strings[i]!);

    public Evaluation<double> GetNumber(string flagKey, double defaultValue, EvaluationContext? context = null) =>
        Typed(flagKey, defaultValue, context, FlagType.Number, static (f, i) => f.Numbers[i]);

    public Evaluation<JsonElement> GetJson(string flagKey, JsonElement defaultValue, EvaluationContext? context = null) =>
        Typed(flagKey, defaultValue, context, FlagType.Json, static (f, i) => f.Values[i]);

    /// <summary>Any flag's value as JSON (for the HTTP evaluation API); null with an error code on failure.</summary>
    public Evaluation<JsonElement?> GetAny(string flagKey, EvaluationContext? context = null)
    {
        var outcome = Evaluate(flagKey, context ?? EvaluationContext.Empty);
        if (outcome.Error != FlagErrorCode.None)
        {
            return new(flagKey, null, null, EvaluationReason.Error, outcome.Error, outcome.Message);
        }

        outcome.Flag!.Slots[outcome.Index].Increment();
        return new(flagKey, outcome.Flag.Values[outcome.Index], outcome.Flag.VariantNames[outcome.Index], outcome.Reason);
    }

    /// <summary>Evaluation counts per flag and variant since this evaluator's counters were created.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> VariantCounts() =>
        _flags.Values.ToDictionary(f => f.Key, f => f.Counters.Snapshot(), StringComparer.Ordinal);

    private Evaluation<T> Typed<T>(
        string flagKey, T defaultValue, EvaluationContext? context, FlagType type, Func<CompiledFlag, int, T> read)
    {
        var outcome = Evaluate(flagKey, context ?? EvaluationContext.Empty);
        if (outcome.Error != FlagErrorCode.None)
        {
            return new(flagKey, defaultValue, null, EvaluationReason.Error, outcome.Error, outcome.Message);
        }

        var flag = outcome.Flag!;
        if (flag.Type != type)
        {
            return new(flagKey, defaultValue, null, EvaluationReason.Error, FlagErrorCode.TypeMismatch,
                $"Flag '{flagKey}' is {flag.Type}, not {type}.");
        }

        flag.Slots[outcome.Index].Increment();
        return new(flagKey, read(flag, outcome.Index), flag.VariantNames[outcome.Index], outcome.Reason);
    }

    private Outcome Evaluate(string flagKey, EvaluationContext context)
    {
        try
        {
            if (flagKey is null || !_flags.TryGetValue(flagKey, out var flag))
            {
                return flagKey is not null && _invalid.TryGetValue(flagKey, out var why)
                    ? Outcome.Failed(FlagErrorCode.ParseError, why)
                    : Outcome.Failed(FlagErrorCode.FlagNotFound, $"No flag '{flagKey}'.");
            }

            if (!flag.Enabled)
            {
                return new(flag, flag.OffIndex, EvaluationReason.Disabled);
            }

            foreach (var rule in flag.Rules)
            {
                if (rule.Matches(context))
                {
                    return Serve(flag, rule.Serve, context, EvaluationReason.TargetingMatch);
                }
            }

            if (flag.Fallthrough is { } fallthrough)
            {
                return Serve(flag, fallthrough, context, flag.Rules.Length == 0 ? EvaluationReason.Static : EvaluationReason.Default);
            }

            return new(flag, flag.DefaultIndex, flag.Rules.Length == 0 ? EvaluationReason.Static : EvaluationReason.Default);
        }
#pragma warning disable CA1031 // The evaluator's contract: never throw to the caller.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Outcome.Failed(FlagErrorCode.General, e.Message);
        }
    }

    private static Outcome Serve(CompiledFlag flag, CompiledServe serve, EvaluationContext context, EvaluationReason fixedReason)
    {
        if (serve.SplitBounds is null)
        {
            return new(flag, serve.Variant, fixedReason);
        }

        var bucketingKey = serve.BucketBy is null ? context.TargetingKey : context.Get(serve.BucketBy);
        if (string.IsNullOrEmpty(bucketingKey))
        {
            return Outcome.Failed(FlagErrorCode.TargetingKeyMissing,
                $"Flag '{flag.Key}' splits by '{serve.BucketBy ?? "targetingKey"}', which the context does not have.");
        }

        var bucket = Bucketing.Bucket(flag.Key, flag.Definition.Salt, bucketingKey);
        return new(flag, serve.SplitIndex(bucket), EvaluationReason.Split);
    }

    private readonly record struct Outcome(
        CompiledFlag? Flag, int Index, EvaluationReason Reason, FlagErrorCode Error = FlagErrorCode.None, string? Message = null)
    {
        public static Outcome Failed(FlagErrorCode error, string message) => new(null, -1, EvaluationReason.Error, error, message);
    }
}
