using GoLive.Flags.Client;

namespace GoLive.Flags.Catalog;

/// <summary>
/// Everything the Flags app owns, stored as one state entry so a change, its version and its event commit together.
/// <see cref="Version"/> increases by one per change and is the snapshot version clients order events by.
/// </summary>
internal sealed record FlagCatalog(
    long Version,
    IReadOnlyList<FlagDefinition> Flags,
    IReadOnlyList<Segment> Segments,
    IReadOnlyList<ScheduledChange> Schedules)
{
    public static readonly FlagCatalog Empty = new(0, [], [], []);

    public FlagDefinition? Flag(string key) => Flags.FirstOrDefault(f => f.Key == key);
    public Segment? Segment(string key) => Segments.FirstOrDefault(s => s.Key == key);

    public FlagCatalog WithFlag(FlagDefinition flag) =>
        this with { Flags = [.. Flags.Where(f => f.Key != flag.Key), flag] };

    public FlagCatalog WithoutFlag(string key) =>
        this with { Flags = [.. Flags.Where(f => f.Key != key)], Schedules = [.. Schedules.Where(s => s.FlagKey != key)] };

    public FlagCatalog WithSegment(Segment segment) =>
        this with { Segments = [.. Segments.Where(s => s.Key != segment.Key), segment] };

    public FlagSnapshot ToSnapshot() => new(Version, Flags, Segments);
}

/// <summary>A change to apply to a flag at a time: switch it on or off, or replace its definition.</summary>
internal sealed record ScheduledChange(
    string Id,
    string FlagKey,
    DateTimeOffset ApplyAt,
    bool? Enabled,
    FlagDefinition? Flag,
    string Actor,
    string? Reason);
