using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Components;

/// <summary>A component type the runtime can build, with the metadata options it honours; anything else is refused at start.</summary>
public sealed record ComponentType(
    string Type,
    IReadOnlySet<string> Versions,
    IReadOnlySet<string> KnownMetadata,
    Func<ComponentContext, CancellationToken, ValueTask<object>> CreateAsync);

/// <summary>What a component factory gets: the spec, its resolved metadata, and shared services.</summary>
public sealed class ComponentContext(
    ComponentSpec spec,
    IReadOnlyDictionary<string, string> metadata,
    ILoggerFactory loggerFactory,
    TimeProvider time)
{
    public ComponentSpec Spec { get; } = spec;
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;
    public TimeProvider Time { get; } = time;

    public string? Get(string name) => Metadata.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public string Require(string name) => Get(name) ?? throw Invalid($"metadata '{name}' is required");

    public int GetInt(string name, int fallback) => Get(name) is { } v
        ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw Invalid($"metadata '{name}' must be an integer, got '{v}'")
        : fallback;

    public bool GetBool(string name, bool fallback) => Get(name) is { } v
        ? bool.TryParse(v, out var b) ? b : throw Invalid($"metadata '{name}' must be true or false, got '{v}'")
        : fallback;

    public TimeSpan GetDuration(string name, TimeSpan fallback) => Get(name) is { } v
        ? GoDuration.TryParse(v, out var d) ? d : throw Invalid($"metadata '{name}' must be a duration like 10s or 1m30s, got '{v}'")
        : fallback;

    public ComponentConfigException Invalid(string reason) =>
        new(Spec.SourceFile, $"component '{Spec.Name}' ({Spec.Type}): {reason}");
}

/// <summary>The component types this runtime supports. Each area registers its own in <see cref="ComponentTypes"/>.</summary>
public sealed class ComponentTypeRegistry
{
    private readonly Dictionary<string, ComponentType> _types = new(StringComparer.Ordinal);

    public IEnumerable<ComponentType> All => _types.Values;

    public ComponentTypeRegistry Add(string type, string[] versions, string[] knownMetadata,
        Func<ComponentContext, CancellationToken, ValueTask<object>> create)
    {
        _types.Add(type, new ComponentType(type, versions.ToHashSet(StringComparer.Ordinal), knownMetadata.ToHashSet(StringComparer.Ordinal), create));
        return this;
    }

    public ComponentType Resolve(ComponentSpec spec)
    {
        if (!_types.TryGetValue(spec.Type, out var type))
        {
            throw new ComponentConfigException(spec.SourceFile,
                $"component '{spec.Name}': type '{spec.Type}' is not supported by the GoLive local runtime (supported: {string.Join(", ", _types.Keys.Order())})");
        }

        if (!type.Versions.Contains(spec.Version))
        {
            throw new ComponentConfigException(spec.SourceFile,
                $"component '{spec.Name}': version '{spec.Version}' of {spec.Type} is not supported (supported: {string.Join(", ", type.Versions)})");
        }

        var unknown = spec.Metadata.Select(m => m.Name).Where(n => !type.KnownMetadata.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ComponentConfigException(spec.SourceFile,
                $"component '{spec.Name}' ({spec.Type}): metadata option(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} not supported by the GoLive local runtime (supported: {string.Join(", ", type.KnownMetadata.Order())})");
        }

        return type;
    }
}
