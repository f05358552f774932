namespace GoLive.Runtime.Components;

/// <summary>One <c>kind: Component</c> document, with <c>secretKeyRef</c> values still unresolved.</summary>
public sealed record ComponentSpec(
    string Name,
    string Type,
    string Version,
    IReadOnlyList<MetadataItem> Metadata,
    IReadOnlyList<string> Scopes,
    string? SecretStore,
    string SourceFile)
{
    /// <summary>Empty scopes mean every app may load the component, as in daprd.</summary>
    public bool IsVisibleTo(string appId) => Scopes.Count == 0 || Scopes.Contains(appId, StringComparer.Ordinal);

    /// <summary>Whether some app could see both components (daprd loads only the components scoped to its app).</summary>
    public bool SharesAppsWith(ComponentSpec other) =>
        Scopes.Count == 0 || other.Scopes.Count == 0 || Scopes.Intersect(other.Scopes, StringComparer.Ordinal).Any();

    public string Category => Type.Split('.', 2)[0];
}

/// <summary>A metadata entry: either a literal value or a reference into a secret store.</summary>
public sealed record MetadataItem(string Name, string? Value, SecretKeyRef? SecretKeyRef);

public sealed record SecretKeyRef(string Name, string? Key);

/// <summary>A configuration problem found at start-up, always naming the file and the reason.</summary>
public sealed class ComponentConfigException(string file, string reason)
    : Exception($"{file}: {reason}")
{
    public string File { get; } = file;
    public string Reason { get; } = reason;
}
