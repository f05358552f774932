using GoLive.Runtime.Components;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// What the runtime applies from a <c>kind: Configuration</c> file: access control for calls into this app and secret
/// scopes. Tracing and metrics settings are daprd's and are reported at start as not applied.
/// </summary>
public sealed record SidecarConfiguration(AccessControl AccessControl, IReadOnlyDictionary<string, SecretScope> SecretScopes)
{
    public static SidecarConfiguration Default { get; } = new(AccessControl.AllowAll, new Dictionary<string, SecretScope>());

    public static SidecarConfiguration Load(string? path)
    {
        if (path is null) return Default;
        if (!File.Exists(path)) throw new ComponentConfigException(path, "configuration file does not exist");
        var doc = ResourceFiles.ReadDocuments(path).FirstOrDefault(d => d.Kind == "Configuration")
            ?? throw new ComponentConfigException(path, "no 'kind: Configuration' document in the file");
        var spec = doc.Root.Mapping("spec") ?? new YamlMappingNode();
        return new SidecarConfiguration(AccessControl.Read(path, spec.Mapping("accessControl")), ReadSecretScopes(path, spec.Mapping("secrets")));
    }

    static Dictionary<string, SecretScope> ReadSecretScopes(string file, YamlMappingNode? secrets)
    {
        var scopes = new Dictionary<string, SecretScope>(StringComparer.Ordinal);
        foreach (var scope in secrets?.Sequence("scopes")?.Children.OfType<YamlMappingNode>() ?? [])
        {
            var store = scope.Scalar("storeName") ?? throw new ComponentConfigException(file, "every secrets.scopes entry needs a storeName");
            scopes[store] = new SecretScope(
                AccessControl.ReadAction(file, scope.Scalar("defaultAccess"), "secrets.scopes.defaultAccess"),
                scope.Strings("allowedSecrets").ToHashSet(StringComparer.Ordinal),
                scope.Strings("deniedSecrets").ToHashSet(StringComparer.Ordinal));
        }
        return scopes;
    }
}

/// <summary>
/// Dapr's secret scope rules: a non-empty <c>allowedSecrets</c> list admits only its secrets; otherwise
/// <c>deniedSecrets</c> refuses its own and <c>defaultAccess</c> decides the rest.
/// </summary>
public sealed record SecretScope(bool DefaultAllow, IReadOnlySet<string> Allowed, IReadOnlySet<string> Denied)
{
    public bool Allows(string secret) =>
        Allowed.Count > 0 ? Allowed.Contains(secret) : !Denied.Contains(secret) && DefaultAllow;
}

/// <summary>
/// Access control for invocations of this app (checked where the call arrives, as daprd's callee sidecar does): the
/// caller's policy decides by the first operation that matches the path and verb, else by its default action; callers
/// without a policy get the global default action. Operation names match by segment: <c>*</c> is one segment,
/// <c>**</c> the rest of the path.
/// </summary>
public sealed record AccessControl(bool DefaultAllow, IReadOnlyDictionary<string, AppPolicy> Policies)
{
    public static AccessControl AllowAll { get; } = new(true, new Dictionary<string, AppPolicy>());

    public bool Allows(string callerAppId, string operation, string verb)
    {
        if (!Policies.TryGetValue(callerAppId, out var policy)) return DefaultAllow;
        var segments = operation.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rule = policy.Operations.FirstOrDefault(o => o.Matches(segments, verb));
        return rule?.Allow ?? policy.DefaultAllow;
    }

    internal static AccessControl Read(string file, YamlMappingNode? node)
    {
        if (node is null) return AllowAll;
        var defaultAllow = ReadAction(file, node.Scalar("defaultAction"), "accessControl.defaultAction");
        var policies = new Dictionary<string, AppPolicy>(StringComparer.Ordinal);
        foreach (var policy in node.Sequence("policies")?.Children.OfType<YamlMappingNode>() ?? [])
        {
            var appId = policy.Scalar("appId") ?? throw new ComponentConfigException(file, "every accessControl policy needs an appId");
            var operations = (policy.Sequence("operations")?.Children.OfType<YamlMappingNode>() ?? []).Select(o => new OperationRule(
                (o.Scalar("name") ?? throw new ComponentConfigException(file, $"an operation of policy '{appId}' has no name")).Split('/', StringSplitOptions.RemoveEmptyEntries),
                o.Strings("httpVerb").Select(v => v.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal),
                ReadAction(file, o.Scalar("action"), $"accessControl.policies[{appId}].operations.action"))).ToArray();
            policies[appId] = new AppPolicy(ReadAction(file, policy.Scalar("defaultAction") ?? node.Scalar("defaultAction"), $"accessControl.policies[{appId}].defaultAction"), operations);
        }
        return new AccessControl(defaultAllow, policies);
    }

    internal static bool ReadAction(string file, string? value, string field) => value?.ToLowerInvariant() switch
    {
        null or "allow" => true,
        "deny" => false,
        _ => throw new ComponentConfigException(file, $"{field} must be allow or deny, got '{value}'"),
    };
}

public sealed record AppPolicy(bool DefaultAllow, IReadOnlyList<OperationRule> Operations);

public sealed record OperationRule(string[] Segments, IReadOnlySet<string> Verbs, bool Allow)
{
    public bool Matches(string[] path, string verb)
    {
        if (Verbs.Count > 0 && !Verbs.Contains("*") && !Verbs.Contains(verb.ToUpperInvariant())) return false;
        for (var i = 0; i < Segments.Length; i++)
        {
            if (Segments[i] == "**") return true;
            if (i >= path.Length) return false;
            if (Segments[i] != "*" && !string.Equals(Segments[i], path[i], StringComparison.Ordinal)) return false;
        }
        return Segments.Length == path.Length;
    }
}
