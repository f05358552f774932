using System.Globalization;
using System.Text.RegularExpressions;
using GoLive.Runtime.Components;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Actors;

/// <summary>
/// When a reminder or timer fires: a due time, an optional period with optional repetitions, and an optional expiry.
/// Accepts the forms daprd accepts (Go durations <c>10s</c> / <c>0h0m10s0ms</c>, ISO 8601 <c>PT10S</c> / <c>R3/PT10S</c>,
/// RFC 3339 instants for due time and TTL). The strings themselves are kept and echoed back unchanged, because the SDKs
/// parse only the forms they sent.
/// </summary>
internal sealed partial record ActorSchedule(TimeSpan DueIn, DateTimeOffset? DueAt, TimeSpan? Period, int? Repetitions, TimeSpan? TtlIn, DateTimeOffset? TtlAt)
{
    public static ActorSchedule Parse(string? dueTime, string? period, string? ttl)
    {
        var (dueIn, dueAt) = ParseInstantOrDuration(dueTime, "dueTime");
        var (every, repetitions) = ParsePeriod(period);
        var (ttlIn, ttlAt) = string.IsNullOrEmpty(ttl) ? (TimeSpan.Zero, (DateTimeOffset?)null) : ParseInstantOrDuration(ttl, "ttl");
        if (repetitions == 0) throw DaprErrors.Malformed("period: repetitions must be greater than 0");
        return new ActorSchedule(dueIn, dueAt, every, repetitions, string.IsNullOrEmpty(ttl) || ttlAt is not null ? null : ttlIn, ttlAt);
    }

    /// <summary>The first firing, counted from <paramref name="registeredAt"/>.</summary>
    public DateTimeOffset FirstDue(DateTimeOffset registeredAt) => DueAt ?? registeredAt + DueIn;

    /// <summary>When the reminder stops firing regardless of repetitions, if ever.</summary>
    public DateTimeOffset? ExpiresAt(DateTimeOffset registeredAt) => TtlAt ?? (TtlIn is { } ttl ? FirstDue(registeredAt) + ttl : null);

    private static (TimeSpan, DateTimeOffset?) ParseInstantOrDuration(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return (TimeSpan.Zero, null);
        if (TryParseDuration(text, out var duration)) return (duration < TimeSpan.Zero ? TimeSpan.Zero : duration, null);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && text.Contains('T'))
            return (TimeSpan.Zero, instant);
        throw DaprErrors.Malformed($"{field}: '{text}' is not a Go duration, an ISO 8601 duration or an RFC 3339 time");
    }

    private static (TimeSpan?, int?) ParsePeriod(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var match = Repeated().Match(text);
        if (match.Success)
        {
            var repetitions = int.Parse(match.Groups["r"].Value, CultureInfo.InvariantCulture);
            if (!TryParseIso(match.Groups["p"].Value, out var every)) throw DaprErrors.Malformed($"period: '{text}' is not a valid ISO 8601 duration");
            return (every, repetitions);
        }
        if (!TryParseDuration(text, out var period)) throw DaprErrors.Malformed($"period: '{text}' is not a Go or ISO 8601 duration");
        // A zero or negative period (the SDK writes 0h0m0s0ms, or "" for never) means fire once.
        return period <= TimeSpan.Zero ? (null, null) : (period, null);
    }

    private static bool TryParseDuration(string text, out TimeSpan value) =>
        text.StartsWith('P') ? TryParseIso(text, out value) : GoDuration.TryParse(text, out value);

    private static bool TryParseIso(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var m = Iso().Match(text);
        if (!m.Success || text == "P" || text.EndsWith('T')) return false;
        double Part(string name) => m.Groups[name].Success ? double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var days = Part("y") * 365 + Part("mo") * 30 + Part("w") * 7 + Part("d");
        value = TimeSpan.FromDays(days) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("mi")) + TimeSpan.FromSeconds(Part("s"));
        return true;
    }

    [GeneratedRegex(@"^R(?<r>\d+)/(?<p>P.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Repeated();

    [GeneratedRegex(@"^P((?<y>\d+)Y)?((?<mo>\d+)M)?((?<w>\d+)W)?((?<d>\d+)D)?(T((?<h>\d+)H)?((?<mi>\d+)M)?((?<s>\d+(\.\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();
}
