using System.Security.Cryptography;
using Dapr.Client;
using GoLive.DaprAccess;

namespace GoLive.Compliance.Heads;

/// <summary>The tree-head signing key: ECDSA P-256, PKCS#8 PEM in the secret store under <see cref="SecretName"/>.</summary>
internal interface ISigningKey
{
    Task<ECDsa> GetAsync(CancellationToken cancellationToken = default);
}

internal sealed class SecretStoreSigningKey(DaprClient dapr) : ISigningKey, IDisposable
{
    public const string SecretName = "compliance-signing-key";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ECDsa? _key;

    public async Task<ECDsa> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_key is not null) return _key;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null) return _key;
            var secret = await dapr.GetSecretAsync(Components.SecretStore, SecretName, cancellationToken: cancellationToken);
            var pem = secret.TryGetValue(SecretName, out var value) ? value : secret.Values.FirstOrDefault()
                ?? throw new InvalidOperationException($"Secret {SecretName} is empty.");
            var key = ECDsa.Create();
            key.ImportFromPem(pem.Replace("\\n", "\n", StringComparison.Ordinal));
            if (key.KeySize != 256) throw new InvalidOperationException($"Secret {SecretName} must be a P-256 key, not {key.KeySize} bits.");
            return _key = key;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _key?.Dispose();
}
