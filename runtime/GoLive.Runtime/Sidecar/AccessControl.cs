using GoLive.Runtime.Components;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// Access control for invocations of this app, decided as daprd's callee sidecar decides (dapr/dapr pkg/acl), so a policy
/// tested here behaves the same in production:
/// 1. no <c>accessControl</c> section: every call is allowed;
/// 2. a caller without a policy for its app id and namespace, or whose trust domain or namespace differ, gets the global
///    <c>defaultAction</c> (deny when the section has policies but no default);
/// 3. otherwise the policy's <c>defaultAction</c> (else the global one) holds unless an operation matches the path
///    (<see cref="OperationTrie"/>, case-insensitive as for HTTP apps) and lists the verb or <c>*</c>;
/// 4. a call without a verb (gRPC <c>InvokeService</c> without an HTTP extension) takes the policy's own default when an
///    operation matches, and that is deny when the policy has none.
/// </summary>
public sealed class AccessControl
{
    /// <summary>daprd's trust domain when the Configuration names none.</summary>
    public const string DefaultTrustDomain = "public";

    /// <summary>Every app of this runtime lives in one namespace, daprd's default.</summary>
    public const string LocalNamespace = "default";

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };

    private readonly bool? _defaultAllow; // null: no access control at all
    private readonly Dictionary<string, AppPolicy> _policies;

    private AccessControl(bool? defaultAllow, string trustDomain, Dictionary<string, AppPolicy> policies)
    {
        _defaultAllow = defaultAllow;
        TrustDomain = trustDomain;
        _policies = policies;
    }

    public static AccessControl AllowAll { get; } = new(null, DefaultTrustDomain, []);

    /// <summary>This app's own trust domain (<c>accessControl.trustDomain</c>), part of its identity when it calls others.</summary>
    public string TrustDomain { get; }

    /// <summary>Whether <paramref name="callerAppId"/> (of <paramref name="callerTrustDomain"/>, in the local namespace) may call
    /// <paramref name="operation"/> with <paramref name="verb"/> (null: no verb).</summary>
    public bool Allows(string callerAppId, string callerTrustDomain, string operation, string? verb)
    {
        if (_defaultAllow is not { } allow) return true;
        if (!_policies.TryGetValue(Key(callerAppId, LocalNamespace), out var policy)
            || policy.TrustDomain != callerTrustDomain || policy.Namespace != LocalNamespace)
        {
            return allow;
        }

        if (policy.DefaultAllow is { } own) allow = own;
        if (policy.Operations.Search(operation.ToLowerInvariant()) is not { } rule) return allow;
        if (verb is null || !Verbs.Contains(verb)) return policy.DefaultAllow ?? false;
        return rule.Verbs.TryGetValue(verb, out var byVerb) ? byVerb : rule.Verbs.GetValueOrDefault("*", allow);
    }

    /// <summary>A caller of the default trust domain, as most tests and every GoLive app are.</summary>
    public bool Allows(string callerAppId, string operation, string? verb) => Allows(callerAppId, DefaultTrustDomain, operation, verb);

    internal static AccessControl Read(string file, YamlMappingNode? node)
    {
        if (node is null) return AllowAll;
        var trustDomain = node.Scalar("trustDomain");
        var defaultAction = node.Scalar("defaultAction");
        var policiesNode = node.Sequence("policies");
        var policyNodes = policiesNode?.Children.OfType<YamlMappingNode>().ToList() ?? [];
        if (trustDomain is null && defaultAction is null && policyNodes.Count == 0) return AllowAll;

        // As daprd: without a global default only an explicitly empty policy list allows; otherwise deny, the safer reading.
        var defaultAllow = defaultAction is null
            ? policiesNode is { Children.Count: 0 }
            : ReadAction(file, defaultAction, "accessControl.defaultAction");
        var policies = new Dictionary<string, AppPolicy>(StringComparer.Ordinal);
        foreach (var policy in policyNodes)
        {
            var appId = policy.Scalar("appId") ?? throw new ComponentConfigException(file, "every accessControl policy needs an appId");
            var where = $"accessControl.policies[{appId}]";
            // daprd refuses to start without these two; requiring them here keeps the file valid for production.
            var policyTrustDomain = policy.Scalar("trustDomain") ?? throw new ComponentConfigException(file, $"{where} needs a trustDomain (daprd refuses a policy without one; the default is \"{DefaultTrustDomain}\")");
            var policyNamespace = policy.Scalar("namespace") ?? throw new ComponentConfigException(file, $"{where} needs a namespace (daprd refuses a policy without one; locally it is \"{LocalNamespace}\")");
            var operations = new OperationTrie();
            foreach (var operation in policy.Sequence("operations")?.Children.OfType<YamlMappingNode>() ?? [])
                operations.Add(ReadOperation(file, where, operation));
            policies[Key(appId, policyNamespace)] = new AppPolicy(policyTrustDomain, policyNamespace,
                policy.Scalar("defaultAction") is { } own ? ReadAction(file, own, $"{where}.defaultAction") : null, operations);
        }
        return new AccessControl(defaultAllow, trustDomain ?? DefaultTrustDomain, policies);
    }

    private static (string Name, OperationRule Rule) ReadOperation(string file, string where, YamlMappingNode operation)
    {
        var name = operation.Scalar("name") ?? throw new ComponentConfigException(file, $"an operation of {where} has no name");
        var action = ReadAction(file, operation.Scalar("action")
            ?? throw new ComponentConfigException(file, $"operation '{name}' of {where} has no action (allow or deny)"), $"{where}.operations.action");
        var verbs = operation.Strings("httpVerb").ToList();
        // daprd consults httpVerb only for HTTP apps and ignores the operation for them without it; every app here speaks HTTP.
        if (verbs.Count == 0) throw new ComponentConfigException(file, $"operation '{name}' of {where} lists no httpVerb: daprd would never apply it to an HTTP app");
        var bad = verbs.FirstOrDefault(v => v != "*" && !Verbs.Contains(v));
        if (bad is not null) throw new ComponentConfigException(file, $"operation '{name}' of {where}: httpVerb '{bad}' is not an upper-case HTTP verb or '*' (daprd compares them as written)");
        return ((name.StartsWith('/') ? name : "/" + name).ToLowerInvariant(), new OperationRule(verbs.ToDictionary(v => v, _ => action, StringComparer.Ordinal)));
    }

    internal static bool ReadAction(string file, string? value, string field) => value?.ToLowerInvariant() switch
    {
        null or "allow" => true,
        "deny" => false,
        _ => throw new ComponentConfigException(file, $"{field} must be allow or deny, got '{value}'"),
    };

    private static string Key(string appId, string @namespace) => appId + "||" + @namespace;

    private sealed record AppPolicy(string TrustDomain, string Namespace, bool? DefaultAllow, OperationTrie Operations);
}

/// <summary>What one operation of a policy decides, per verb (<c>*</c> for any).</summary>
internal sealed record OperationRule(IReadOnlyDictionary<string, bool> Verbs);

/// <summary>
/// daprd's operation matching (dapr/dapr pkg/config/acl_trie.go), quirks included, so that policies mean the same here:
/// one node per path segment in the order operations are written; among siblings the first that fits wins (same text,
/// then <c>/*</c> but only as the last segment, then <c>/**</c> for the rest, then a glob such as <c>/dsr_*</c>). An
/// operation without a trailing wildcard also covers every path below it (<c>/v1/snapshot</c> admits
/// <c>/v1/snapshot/x</c>), and <c>*</c> is never a middle segment (use a glob like <c>dsr_*</c> or <c>**</c>).
/// </summary>
internal sealed class OperationTrie
{
    private const string Single = "/*";
    private const string Multi = "/**";

    private sealed class Node(string segment, OperationRule? rule)
    {
        public string Segment { get; } = segment;
        public OperationRule? Rule { get; set; } = rule;
        public List<Node> Children { get; } = [];
    }

    private readonly Node _root = new("/", null);

    /// <param name="operation">Starts with '/', already lower-case.</param>
    public void Add((string Name, OperationRule Rule) operation)
    {
        var parts = operation.Name.Split('/');
        var node = _root;
        for (var i = 1; i < parts.Length; i++)
        {
            var segment = "/" + parts[i];
            var existing = node.Children.FirstOrDefault(c => c.Segment == segment);
            var last = i == parts.Length - 1;
            if (existing is null)
            {
                var created = new Node(segment, last ? operation.Rule : null);
                node.Children.Add(created);
                node = created;
            }
            else if (last)
            {
                existing.Rule ??= operation.Rule; // the first operation written for a path wins
            }
            else
            {
                node = existing;
            }
        }
    }

    public OperationRule? Search(string operation)
    {
        if (!operation.StartsWith('/')) operation = "/" + operation;
        var parts = operation.Split('/');
        var node = _root;
        for (var i = 1; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            var next = Find(node, "/" + parts[i], last);
            if (next is null) return null;
            node = next;
            if (node.Rule is not null)
            {
                if (!last && node.Segment.EndsWith(Single, StringComparison.Ordinal) && !node.Segment.EndsWith(Multi, StringComparison.Ordinal)) continue;
                return node.Rule;
            }
            if (last) return Find(node, Single, true)?.Rule;
        }
        return null;
    }

    private static Node? Find(Node parent, string segment, bool last)
    {
        foreach (var child in parent.Children)
        {
            if (child.Segment == segment) return child;
            if (child.Segment == Single)
            {
                if (last) return child;
                continue;
            }
            if (child.Segment == Multi || Glob(segment, child.Segment)) return child;
        }
        return null;
    }

    /// <summary>'*' matches any run of characters, including none.</summary>
    private static bool Glob(string text, string pattern)
    {
        var matches = new bool[text.Length + 1, pattern.Length + 1];
        matches[0, 0] = true;
        for (var j = 1; j <= pattern.Length && pattern[j - 1] == '*'; j++) matches[0, j] = true;
        for (var i = 1; i <= text.Length; i++)
        {
            for (var j = 1; j <= pattern.Length; j++)
            {
                matches[i, j] = pattern[j - 1] == '*'
                    ? matches[i, j - 1] || matches[i - 1, j]
                    : text[i - 1] == pattern[j - 1] && matches[i - 1, j - 1];
            }
        }
        return matches[text.Length, pattern.Length];
    }
}
