using GoLive.Runtime.Components;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Resiliency;

/// <summary>
/// The retry policies of <c>kind: Resiliency</c> documents and which component targets use them. Timeouts, circuit
/// breakers and app/actor targets are read by a later part of the runtime; for now only component retries apply.
/// </summary>
public sealed class ResiliencyPolicies
{
    readonly Dictionary<string, RetryPolicy> _componentInbound = new(StringComparer.Ordinal);
    readonly List<string> _notApplied = [];

    /// <summary>Parts of the documents this runtime does not apply yet; the catalog logs each one at start.</summary>
    public IReadOnlyList<string> NotApplied => _notApplied;

    public static ResiliencyPolicies Load(IEnumerable<YamlResource> documents)
    {
        var policies = new ResiliencyPolicies();
        foreach (var doc in documents)
        {
            var spec = doc.Root.Mapping("spec") ?? throw new ComponentConfigException(doc.SourceFile, $"resiliency '{doc.Name}' has no 'spec'");
            var retries = ReadRetries(doc, spec.Mapping("policies")?.Mapping("retries"));
            foreach (var section in new[] { "timeouts", "circuitBreakers" })
                if (spec.Mapping("policies")?.Mapping(section) is not null) policies._notApplied.Add($"{doc.SourceFile}: policies.{section}");
            foreach (var section in new[] { "apps", "actors" })
                if (spec.Mapping("targets")?.Mapping(section) is not null) policies._notApplied.Add($"{doc.SourceFile}: targets.{section}");
            foreach (var (component, target) in spec.Mapping("targets")?.Mapping("components")?.Children ?? Empty)
            {
                var name = ((YamlScalarNode)component).Value ?? "";
                if (target is not YamlMappingNode directions) continue;
                policies.Bind(doc, retries, directions.Mapping("inbound")?.Scalar("retry"), name, policies._componentInbound);
                if (directions.Mapping("outbound") is not null) policies._notApplied.Add($"{doc.SourceFile}: targets.components.{name}.outbound");
            }
        }
        return policies;
    }

    static readonly IEnumerable<KeyValuePair<YamlNode, YamlNode>> Empty = [];

    public RetryPolicy ForComponentInbound(string component) => _componentInbound.GetValueOrDefault(component) ?? RetryPolicy.None;

    void Bind(YamlResource doc, Dictionary<string, RetryPolicy> retries, string? policyName, string component, Dictionary<string, RetryPolicy> target)
    {
        if (policyName is null) return;
        target[component] = retries.GetValueOrDefault(policyName)
            ?? throw new ComponentConfigException(doc.SourceFile, $"component '{component}' uses retry policy '{policyName}', which is not defined");
    }

    static Dictionary<string, RetryPolicy> ReadRetries(YamlResource doc, YamlMappingNode? retries)
    {
        var result = new Dictionary<string, RetryPolicy>(StringComparer.Ordinal);
        foreach (var (key, value) in retries?.Children ?? Empty)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (value is not YamlMappingNode policy) throw new ComponentConfigException(doc.SourceFile, $"retry policy '{name}' must be a mapping");
            var kind = policy.Scalar("policy") ?? "constant";
            if (kind is not ("constant" or "exponential"))
                throw new ComponentConfigException(doc.SourceFile, $"retry policy '{name}': policy '{kind}' is not constant or exponential");
            var exponential = kind == "exponential";
            result[name] = new RetryPolicy(name, exponential,
                Duration(doc, name, policy.Scalar("duration"), exponential ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5)),
                Duration(doc, name, policy.Scalar("maxInterval"), TimeSpan.FromSeconds(60)),
                int.TryParse(policy.Scalar("maxRetries") ?? "-1", out var max) ? max
                    : throw new ComponentConfigException(doc.SourceFile, $"retry policy '{name}': maxRetries must be an integer"));
        }
        return result;
    }

    static TimeSpan Duration(YamlResource doc, string policy, string? text, TimeSpan fallback) =>
        text is null ? fallback
        : GoDuration.TryParse(text, out var value) ? value
        : throw new ComponentConfigException(doc.SourceFile, $"retry policy '{policy}': '{text}' is not a duration like 5s or 100ms");
}
