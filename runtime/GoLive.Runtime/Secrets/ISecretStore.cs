namespace GoLive.Runtime.Secrets;

/// <summary>A secret store component. A secret is a small map (one entry for single-valued stores).</summary>
public interface ISecretStore
{
    /// <returns>The secret's values, or null when the store has no such secret.</returns>
    ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string name, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken);

    ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetBulkAsync(IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken);
}
