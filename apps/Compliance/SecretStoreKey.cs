using Dapr.Client;
using GoLive.DaprAccess;

namespace GoLive.Compliance;

/// <summary>A base64 HMAC key read once from the Dapr secret store (<c>secretstore</c>) and kept for the app's life.</summary>
internal abstract class SecretStoreKey(DaprClient dapr, string secretName)
{
    private byte[]? _key;

    public async Task<byte[]> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_key is not null) return _key;
        var secret = await dapr.GetSecretAsync(Components.SecretStore, secretName, cancellationToken: cancellationToken);
        var value = secret.TryGetValue(secretName, out var v) ? v : secret.Values.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value)) throw new InvalidOperationException($"Secret {secretName} is empty.");
        return _key = Convert.FromBase64String(value);
    }
}
