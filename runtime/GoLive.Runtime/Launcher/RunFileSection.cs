using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Launcher;

/// <summary>Typed, strict reads of one mapping of a run file (<c>common</c> or one app); every error names the file and the field.</summary>
internal sealed class RunFileSection(YamlMappingNode? node, string file, string where)
{
    public string File { get; } = file;
    public string Where { get; } = where;

    public IEnumerable<string> Keys => node?.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "") ?? [];

    public bool Has(string key) => node?.Children.ContainsKey(new YamlScalarNode(key)) == true;

    public string? String(string key) => Get(key) switch
    {
        null => null,
        YamlScalarNode { Value: var v } => string.IsNullOrWhiteSpace(v) ? null : v.Trim(),
        _ => throw Invalid(key, "must be a single value"),
    };

    public int? Port(string key)
    {
        if (String(key) is not { } text) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw Invalid(key, $"must be a port number, got '{text}'");
        return port > 0 ? port : null; // the Dapr CLI treats 0 and -1 as "not set"
    }

    public bool Bool(string key) => String(key) switch
    {
        null => false,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw Invalid(key, $"must be true or false, got '{text}'"),
    };

    /// <summary>A list of strings; a single value is read as a list of one.</summary>
    public IReadOnlyList<string> List(string key) => Get(key) switch
    {
        null => [],
        YamlScalarNode { Value: var v } => string.IsNullOrWhiteSpace(v) ? [] : [v],
        YamlSequenceNode seq => seq.Children.Select(c => c is YamlScalarNode { Value: { } v } ? v : throw Invalid(key, "must be a list of strings")).ToArray(),
        _ => throw Invalid(key, "must be a list of strings"),
    };

    public IReadOnlyDictionary<string, string> Map(string key) => Get(key) switch
    {
        null => new Dictionary<string, string>(),
        YamlMappingNode map => map.Children.ToDictionary(
            kv => (kv.Key as YamlScalarNode)?.Value ?? throw Invalid(key, "names must be plain strings"),
            kv => kv.Value is YamlScalarNode s ? s.Value ?? "" : throw Invalid(key, "values must be plain strings or numbers"),
            StringComparer.Ordinal),
        _ => throw Invalid(key, "must be a mapping of NAME: value"),
    };

    public RunFileException Invalid(string key, string reason) => new(File, $"{Where}: '{key}' {reason}");

    private YamlNode? Get(string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is not YamlScalarNode { Value: null or "~" } ? value : null;
}
