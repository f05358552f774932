using System.Text.Json;

namespace GoLive.Flags.Client;

/// <summary>A flag ready to evaluate: variants as typed arrays, rules compiled, splits as cumulative bucket bounds.</summary>
internal sealed class CompiledFlag
{
    public CompiledFlag(FlagDefinition flag, IReadOnlyDictionary<string, CompiledSegment> segments, VariantCounters counters)
    {
        Definition = flag;
        Counters = counters;
        VariantNames = [.. flag.Variants.Keys];
        Values = [.. VariantNames.Select(name => flag.Variants[name])];
        Booleans = new bool[Values.Length];
        Strings = new string?[Values.Length];
        Numbers = new double[Values.Length];
        for (var i = 0; i < Values.Length; i++)
        {
            ReadTyped(flag.Type, VariantNames[i], Values[i], i);
        }

        Slots = [.. VariantNames.Select(counters.For)];
        DefaultIndex = IndexOf(flag.DefaultVariant);
        OffIndex = flag.OffVariant is null ? DefaultIndex : IndexOf(flag.OffVariant);
        Rules = [.. flag.Rules.Select(rule => new CompiledRule(
            [.. rule.Conditions.Select(c => CompiledCondition.Compile(c, segments))],
            CompileServe(rule.Serve)))];
        Fallthrough = flag.Fallthrough is null ? null : CompileServe(flag.Fallthrough);
    }

    public FlagDefinition Definition { get; }
    public string Key => Definition.Key;
    public FlagType Type => Definition.Type;
    public bool Enabled => Definition.Enabled;
    public string[] VariantNames { get; }
    public JsonElement[] Values { get; }
    public bool[] Booleans { get; }
    public string?[] Strings { get; }
    public double[] Numbers { get; }
    public int DefaultIndex { get; }
    public int OffIndex { get; }
    public CompiledRule[] Rules { get; }
    public CompiledServe? Fallthrough { get; }
    public VariantCounters Counters { get; }

    /// <summary>The evaluation counter of each variant, by variant index.</summary>
    public VariantCounters.Slot[] Slots { get; }

    private void ReadTyped(FlagType type, string name, JsonElement value, int index)
    {
        switch (type)
        {
            case FlagType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                Booleans[index] = value.GetBoolean();
                break;
            case FlagType.String when value.ValueKind == JsonValueKind.String:
                Strings[index] = value.GetString();
                break;
            case FlagType.Number when value.ValueKind == JsonValueKind.Number:
                Numbers[index] = value.GetDouble();
                break;
            case FlagType.Json when value.ValueKind is not JsonValueKind.Undefined:
                break;
            default:
                throw new FormatException($"Variant '{name}' is not a {type.ToString().ToLowerInvariant()} value.");
        }
    }

    private int IndexOf(string variant)
    {
        var index = Array.IndexOf(VariantNames, variant);
        return index >= 0 ? index : throw new FormatException($"Unknown variant '{variant}'.");
    }

    private CompiledServe CompileServe(Serve serve)
    {
        if (serve.Split is { Count: > 0 } split)
        {
            var total = 0L;
            foreach (var share in split)
            {
                total += share.Weight >= 0 ? share.Weight : throw new FormatException("Split weights cannot be negative.");
            }

            if (total == 0)
            {
                throw new FormatException("A split needs a positive total weight.");
            }

            // Cumulative upper bounds in buckets: variant i serves buckets [bounds[i-1], bounds[i]).
            var bounds = new int[split.Count];
            var indexes = new int[split.Count];
            var cumulative = 0L;
            for (var i = 0; i < split.Count; i++)
            {
                cumulative += split[i].Weight;
                bounds[i] = (int)(cumulative * Bucketing.BucketCount / total);
                indexes[i] = IndexOf(split[i].Variant);
            }

            return new CompiledServe(-1, indexes, bounds, serve.BucketBy);
        }

        return serve.Variant is { } variant
            ? new CompiledServe(IndexOf(variant), null, null, null)
            : throw new FormatException("A serve needs a variant or a split.");
    }
}

internal sealed record CompiledRule(CompiledCondition[] Conditions, CompiledServe Serve)
{
    public bool Matches(EvaluationContext context)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.Matches(context))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A fixed variant index, or split variant indexes with their cumulative bucket bounds.</summary>
internal sealed record CompiledServe(int Variant, int[]? SplitVariants, int[]? SplitBounds, string? BucketBy)
{
    public int SplitIndex(int bucket)
    {
        var bounds = SplitBounds!;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (bucket < bounds[i])
            {
                return SplitVariants![i];
            }
        }

        return SplitVariants![^1];
    }
}
