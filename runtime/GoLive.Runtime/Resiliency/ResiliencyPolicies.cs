using GoLive.Runtime.Components;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Resiliency;

/// <summary>
/// The policies of <c>kind: Resiliency</c> documents (timeouts, retries, circuit breakers) and the targets that use them:
/// apps (invocation), components (outbound calls, inbound delivery) and actor types.
/// </summary>
public sealed class ResiliencyPolicies
{
    private readonly Dictionary<string, RetryPolicy> _componentInbound = new(StringComparer.Ordinal);
    private readonly List<string> _notApplied = [];
    private readonly Dictionary<string, TargetResiliency> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TargetResiliency> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActorResiliency> _actors = new(StringComparer.Ordinal);

    /// <summary>The timeout, retry and circuit breakers for calls to actors of <paramref name="actorType"/>, or null.</summary>
    public ActorResiliency? ForActor(string actorType) => _actors.GetValueOrDefault(actorType);

    /// <summary>The timeout, retry and circuit breaker for the sidecar's calls to component <paramref name="component"/>.</summary>
    public TargetResiliency? ForComponentOutbound(string component) => _outbound.GetValueOrDefault(component);

    /// <summary>The timeout, retry and circuit breaker for calls to <paramref name="appId"/>, or null when none applies.</summary>
    public TargetResiliency? ForApp(string appId) => _apps.GetValueOrDefault(appId);

    /// <summary>Parts of the documents this runtime does not apply yet; the catalog logs each one at start.</summary>
    public IReadOnlyList<string> NotApplied => _notApplied;

    public static ResiliencyPolicies Load(IEnumerable<YamlResource> documents, TimeProvider? time = null)
    {
        var policies = new ResiliencyPolicies();
        foreach (var doc in documents)
        {
            var spec = doc.Root.Mapping("spec") ?? throw new ComponentConfigException(doc.SourceFile, $"resiliency '{doc.Name}' has no 'spec'");
            var retries = ReadRetries(doc, spec.Mapping("policies")?.Mapping("retries"));
            var timeouts = ReadTimeouts(doc, spec.Mapping("policies")?.Mapping("timeouts"));
            var breakers = ReadBreakers(doc, spec.Mapping("policies")?.Mapping("circuitBreakers"));
            foreach (var (actorType, target) in spec.Mapping("targets")?.Mapping("actors")?.Children ?? Empty)
            {
                if (target is not YamlMappingNode t) continue;
                var type = ((YamlScalarNode)actorType).Value ?? "";
                var scope = t.Scalar("circuitBreakerScope") ?? "id";
                if (scope is not ("id" or "type" or "both"))
                    throw new ComponentConfigException(doc.SourceFile, $"actor '{type}': circuitBreakerScope '{scope}' is not id, type or both");
                var cacheSize = int.TryParse(t.Scalar("circuitBreakerCacheSize") ?? "5000", out var size) && size > 0 ? size
                    : throw new ComponentConfigException(doc.SourceFile, $"actor '{type}': circuitBreakerCacheSize must be a positive integer");
                policies._actors[type] = new ActorResiliency(ReadTarget(doc, $"actor '{type}'", t, timeouts, retries, breakers, time), scope, cacheSize,
                    time ?? TimeProvider.System);
            }
            foreach (var (app, target) in spec.Mapping("targets")?.Mapping("apps")?.Children ?? Empty)
            {
                if (target is YamlMappingNode t)
                    policies._apps[((YamlScalarNode)app).Value ?? ""] = ReadTarget(doc, $"app '{((YamlScalarNode)app).Value}'", t, timeouts, retries, breakers, time);
            }

            foreach (var (component, target) in spec.Mapping("targets")?.Mapping("components")?.Children ?? Empty)
            {
                var name = ((YamlScalarNode)component).Value ?? "";
                if (target is not YamlMappingNode directions) continue;
                policies.Bind(doc, retries, directions.Mapping("inbound")?.Scalar("retry"), name, policies._componentInbound);
                if (directions.Mapping("outbound") is { } outbound)
                    policies._outbound[name] = ReadTarget(doc, $"component '{name}' outbound", outbound, timeouts, retries, breakers, time);
            }
        }
        return policies;
    }

    private static readonly IEnumerable<KeyValuePair<YamlNode, YamlNode>> Empty = [];

    public RetryPolicy ForComponentInbound(string component) => _componentInbound.GetValueOrDefault(component) ?? RetryPolicy.None;

    private void Bind(YamlResource doc, Dictionary<string, RetryPolicy> retries, string? policyName, string component, Dictionary<string, RetryPolicy> target)
    {
        if (policyName is null) return;
        target[component] = retries.GetValueOrDefault(policyName)
            ?? throw new ComponentConfigException(doc.SourceFile, $"component '{component}' uses retry policy '{policyName}', which is not defined");
    }

    private static TargetResiliency ReadTarget(YamlResource doc, string what, YamlMappingNode target, Dictionary<string, TimeSpan> timeouts,
        Dictionary<string, RetryPolicy> retries, Dictionary<string, CircuitBreakerPolicy> breakers, TimeProvider? time)
    {
        T? Named<T>(string kind, string? name, Dictionary<string, T> all) where T : class =>
            name is null ? null : all.GetValueOrDefault(name)
                ?? throw new ComponentConfigException(doc.SourceFile, $"{what} uses {kind} '{name}', which is not defined");
        var timeout = target.Scalar("timeout") is { } timeoutName
            ? timeouts.TryGetValue(timeoutName, out var d) ? d : GoDuration.TryParse(timeoutName, out var inline) ? inline
                : throw new ComponentConfigException(doc.SourceFile, $"{what} uses timeout '{timeoutName}', which is not defined")
            : (TimeSpan?)null;
        var breaker = Named("circuit breaker", target.Scalar("circuitBreaker"), breakers);
        return new TargetResiliency(timeout, Named("retry policy", target.Scalar("retry"), retries),
            breaker is null ? null : new CircuitBreaker(breaker, time ?? TimeProvider.System));
    }

    private static Dictionary<string, TimeSpan> ReadTimeouts(YamlResource doc, YamlMappingNode? timeouts) =>
        (timeouts?.Children ?? Empty).ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value ?? "",
            kv => GoDuration.TryParse((kv.Value as YamlScalarNode)?.Value, out var d) ? d
                : throw new ComponentConfigException(doc.SourceFile, $"timeout '{((YamlScalarNode)kv.Key).Value}' is not a duration like 5s"),
            StringComparer.Ordinal);

    private static Dictionary<string, CircuitBreakerPolicy> ReadBreakers(YamlResource doc, YamlMappingNode? breakers)
    {
        var result = new Dictionary<string, CircuitBreakerPolicy>(StringComparer.Ordinal);
        foreach (var (key, value) in breakers?.Children ?? Empty)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (value is not YamlMappingNode policy) throw new ComponentConfigException(doc.SourceFile, $"circuit breaker '{name}' must be a mapping");
            var trip = policy.Scalar("trip") ?? "consecutiveFailures > 5";
            result[name] = new CircuitBreakerPolicy(name,
                int.TryParse(policy.Scalar("maxRequests") ?? "1", out var max) ? max : throw new ComponentConfigException(doc.SourceFile, $"circuit breaker '{name}': maxRequests must be an integer"),
                Duration(doc, name, policy.Scalar("interval"), TimeSpan.Zero),
                Duration(doc, name, policy.Scalar("timeout"), TimeSpan.FromSeconds(60)),
                CircuitBreakerPolicy.ParseTrip(trip)
                    ?? throw new ComponentConfigException(doc.SourceFile, $"circuit breaker '{name}': trip '{trip}' is not supported (use consecutiveFailures > N)"));
        }
        return result;
    }

    private static Dictionary<string, RetryPolicy> ReadRetries(YamlResource doc, YamlMappingNode? retries)
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
                    : throw new ComponentConfigException(doc.SourceFile, $"retry policy '{name}': maxRetries must be an integer"),
                ReadStatusCodes(doc, name, policy.Mapping("matching")?.Scalar("httpStatusCodes")));
        }
        return result;
    }

    /// <summary>Reads <c>"429,500-599"</c>.</summary>
    private static HashSet<int>? ReadStatusCodes(YamlResource doc, string policy, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var codes = new HashSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            if (!int.TryParse(range[0], out var from) || !int.TryParse(range[^1], out var to) || from > to || range.Length > 2)
                throw new ComponentConfigException(doc.SourceFile, $"retry policy '{policy}': httpStatusCodes entry '{part}' is not a code or a range like 500-599");
            for (var code = from; code <= to; code++) codes.Add(code);
        }
        return codes;
    }

    private static TimeSpan Duration(YamlResource doc, string policy, string? text, TimeSpan fallback) =>
        text is null ? fallback
        : GoDuration.TryParse(text, out var value) ? value
        : throw new ComponentConfigException(doc.SourceFile, $"retry policy '{policy}': '{text}' is not a duration like 5s or 100ms");
}
