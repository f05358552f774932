using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Secrets;

/// <summary>
/// The secrets API behind both front ends. Secret scopes from the app's Configuration (<c>secrets.scopes</c>) decide
/// which secrets of a store the app may read; bulk reads leave the others out.
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
        if (!Allows(sidecar, storeName, key))
        {
            throw new DaprApiException(new("ERR_PERMISSION_DENIED", $"access denied by policy to get \"{key}\" from \"{storeName}\"", 403,
                global::Grpc.Core.StatusCode.PermissionDenied));
        }

        return await store.GetAsync(key, metadata, cancellationToken) ?? throw SecretErrors.NotFound(key, storeName);
    }

    public static async ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetBulkAsync(SidecarContext sidecar, string storeName,
        IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var all = await Store(sidecar, storeName).GetBulkAsync(metadata, cancellationToken);
        return sidecar.Configuration.SecretScopes.ContainsKey(storeName)
            ? all.Where(s => Allows(sidecar, storeName, s.Key)).ToDictionary(s => s.Key, s => s.Value)
            : all;
    }

    private static bool Allows(SidecarContext sidecar, string storeName, string key) =>
        sidecar.Configuration.SecretScopes.GetValueOrDefault(storeName)?.Allows(key) ?? true;
}
