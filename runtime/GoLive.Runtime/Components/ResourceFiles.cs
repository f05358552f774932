using GoLive.Runtime.PubSub;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Components;

/// <summary>Everything read from a set of resource folders: components, declarative subscriptions, resiliency documents.</summary>
public sealed record ResourceSet(
    IReadOnlyList<ComponentSpec> Components,
    IReadOnlyList<SubscriptionSpec> Subscriptions,
    IReadOnlyList<YamlResource> Resiliencies);

/// <summary>A parsed YAML document kept for a later, kind-specific reader.</summary>
public sealed record YamlResource(string Kind, string Name, YamlMappingNode Root, string SourceFile);

/// <summary>
/// Reads Dapr resource YAML (<c>*.yaml</c>, <c>*.yml</c>, several documents per file allowed). Anything it cannot honour
/// is a <see cref="ComponentConfigException"/> naming the file: daprd fails at start the same way.
/// </summary>
public static class ResourceFiles
{
    public static ResourceSet Load(IEnumerable<string> folders)
    {
        var components = new List<ComponentSpec>();
        var subscriptions = new List<SubscriptionSpec>();
        var resiliencies = new List<YamlResource>();
        foreach (var file in folders.SelectMany(EnumerateYaml))
        {
            foreach (var doc in ReadDocuments(file))
            {
                switch (doc.Kind)
                {
                    case "Component": components.Add(ReadComponent(doc)); break;
                    case "Subscription": subscriptions.Add(ReadSubscription(doc)); break;
                    case "Resiliency": resiliencies.Add(doc); break;
                    case "Configuration": break; // read separately through --config
                    default: throw new ComponentConfigException(file, $"kind '{doc.Kind}' is not supported by the GoLive local runtime");
                }
            }
        }
        // One name may be declared once per app: several declarations are fine when their scopes do not overlap.
        for (var i = 0; i < components.Count; i++)
        {
            var clash = components.Take(i).FirstOrDefault(c => c.Name == components[i].Name && c.SharesAppsWith(components[i]));
            if (clash is not null)
            {
                throw new ComponentConfigException(components[i].SourceFile,
                    $"component name '{clash.Name}' is declared more than once for the same apps (also in {clash.SourceFile}); give each declaration disjoint scopes");
            }
        }
        return new ResourceSet(components, subscriptions, resiliencies);
    }

    private static IEnumerable<string> EnumerateYaml(string folder)
    {
        if (File.Exists(folder)) return [folder];
        if (!Directory.Exists(folder)) throw new ComponentConfigException(folder, "resources path does not exist");
        return Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
    }

    public static IEnumerable<YamlResource> ReadDocuments(string file)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(file);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ComponentConfigException(file, $"invalid YAML at line {e.Start.Line}: {e.Message}");
        }
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
                throw new ComponentConfigException(file, "a document is not a YAML mapping");
            var kind = root.Scalar("kind") ?? throw new ComponentConfigException(file, "missing 'kind'");
            var name = root.Mapping("metadata")?.Scalar("name") ?? throw new ComponentConfigException(file, "missing 'metadata.name'");
            yield return new YamlResource(kind, name, root, file);
        }
    }

    private static ComponentSpec ReadComponent(YamlResource doc)
    {
        var spec = doc.Root.Mapping("spec") ?? throw new ComponentConfigException(doc.SourceFile, $"component '{doc.Name}' has no 'spec'");
        var type = spec.Scalar("type") ?? throw new ComponentConfigException(doc.SourceFile, $"component '{doc.Name}' has no 'spec.type'");
        var metadata = new List<MetadataItem>();
        foreach (var item in spec.Sequence("metadata")?.Children ?? [])
        {
            if (item is not YamlMappingNode entry || entry.Scalar("name") is not { } itemName)
                throw new ComponentConfigException(doc.SourceFile, $"component '{doc.Name}': every metadata entry needs a 'name'");
            var secretRef = entry.Mapping("secretKeyRef");
            if (secretRef is not null)
            {
                var refName = secretRef.Scalar("name") ?? throw new ComponentConfigException(doc.SourceFile, $"component '{doc.Name}': secretKeyRef of '{itemName}' needs a 'name'");
                metadata.Add(new MetadataItem(itemName, null, new SecretKeyRef(refName, secretRef.Scalar("key"))));
            }
            else
            {
                metadata.Add(new MetadataItem(itemName, entry.Scalar("value") ?? "", null));
            }
        }
        return new ComponentSpec(doc.Name, type, spec.Scalar("version") ?? "v1", metadata,
            doc.Root.Strings("scopes"), doc.Root.Mapping("auth")?.Scalar("secretStore"), doc.SourceFile);
    }

    private static SubscriptionSpec ReadSubscription(YamlResource doc)
    {
        var spec = doc.Root.Mapping("spec") ?? throw new ComponentConfigException(doc.SourceFile, $"subscription '{doc.Name}' has no 'spec'");
        string Required(string key) => spec.Scalar(key) ?? throw new ComponentConfigException(doc.SourceFile, $"subscription '{doc.Name}' has no 'spec.{key}'");
        var rules = new List<RouteRule>();
        string? defaultPath = spec.Scalar("route");
        if (spec.Mapping("routes") is { } routes)
        {
            defaultPath = routes.Scalar("default");
            foreach (var rule in routes.Sequence("rules")?.Children.OfType<YamlMappingNode>() ?? [])
                rules.Add(new RouteRule(rule.Scalar("match") ?? "", (rule.Scalar("path") ?? "").TrimStart('/')));
        }
        BulkSubscribeOptions? bulk = null;
        if (spec.Mapping("bulkSubscribe") is { } b)
        {
            bulk = new BulkSubscribeOptions(
                bool.TryParse(b.Scalar("enabled"), out var enabled) && enabled,
                int.TryParse(b.Scalar("maxMessagesCount"), out var max) ? max : 100,
                int.TryParse(b.Scalar("maxAwaitDurationMs"), out var wait) ? wait : 1000);
        }
        var metadata = spec.Mapping("metadata")?.Children
            .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => (kv.Value as YamlScalarNode)?.Value ?? "")
            ?? new Dictionary<string, string>();
        return new SubscriptionSpec(Required("pubsubname"), Required("topic"), rules, defaultPath?.TrimStart('/'),
            spec.Scalar("deadLetterTopic"), metadata, bulk, doc.Root.Strings("scopes"), SubscriptionSource.Declarative);
    }
}

/// <summary>Small, null-tolerant readers over YamlDotNet's node model.</summary>
public static class YamlNodes
{
    public static string? Scalar(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value : null;

    public static YamlMappingNode? Mapping(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    public static YamlSequenceNode? Sequence(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlSequenceNode : null;

    public static IReadOnlyList<string> Strings(this YamlMappingNode node, string key) =>
        node.Sequence(key)?.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToArray() ?? [];
}
