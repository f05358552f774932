using GoLive.Runtime.Components;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// What the runtime applies from a <c>kind: Configuration</c> file: access control for calls into this app and secret
/// scopes. Tracing, metrics and mTLS settings are daprd's and are reported at start as not applied.
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

    private static Dictionary<string, SecretScope> ReadSecretScopes(string file, YamlMappingNode? secrets)
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
