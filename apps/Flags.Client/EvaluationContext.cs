namespace GoLive.Flags.Client;

/// <summary>Who a flag is evaluated for. <see cref="TargetingKey"/> (e.g. the user id) is the default bucketing key.</summary>
public sealed class EvaluationContext
{
    public static readonly EvaluationContext Empty = new();

    public string? TargetingKey { get; init; }
    public string? Organisation { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string? Country { get; init; }

    /// <summary>ISO 3166-2 subdivision or a platform region name.</summary>
    public string? Region { get; init; }

    /// <summary>Custom attributes; numbers, versions and dates as invariant strings.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>The value of a named attribute, or null.</summary>
    public string? Get(string attribute) => attribute switch
    {
        "targetingKey" or "userId" => TargetingKey,
        "organisation" or "organization" => Organisation,
        "country" => Country,
        "region" => Region,
        _ => Attributes is not null && Attributes.TryGetValue(attribute, out var value) ? value : null,
    };
}
