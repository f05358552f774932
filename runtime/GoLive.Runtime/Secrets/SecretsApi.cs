using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Secrets;

/// <summary>
/// The secrets API behind both front ends. Secret scopes (<c>secrets.scopes</c> with allowedSecrets/deniedSecrets in the
/// app's Configuration) are not enforced yet: every secret of a store in the app's scope is readable.
/// </summary>
internal static class SecretsApi
{
    public static ISecretStore Store(SidecarContext sidecar, string name)
    {
        if (sidecar.Components.GetValueOrDefault(name)?.Instance is ISecretStore store) return store;
        throw sidecar.All<ISecretStore>().Any() ? DaprErrors.SecretStoreNotFound(name) : SecretErrors.NotConfigured();
    }

    public static async ValueTask<IReadOnlyDictionary<string, string>> GetAsync(SidecarContext sidecar, string storeName, string key,
        IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        if (key.Length == 0) throw DaprErrors.Malformed("secret key is empty");
        var store = Store(sidecar, storeName);
        return await store.GetAsync(key, metadata, cancellationToken) ?? throw SecretErrors.NotFound(key, storeName);
    }

    public static ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetBulkAsync(SidecarContext sidecar, string storeName,
        IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        Store(sidecar, storeName).GetBulkAsync(metadata, cancellationToken);
}
