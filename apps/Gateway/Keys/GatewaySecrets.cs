using System.Security.Cryptography;
using System.Text;
using Dapr.Client;

namespace GoLive.Gateway.Keys;

/// <summary>
/// The admin key and the hashing pepper, read from the Dapr secret store (<c>secretstore</c>) on first use and kept in
/// memory; a failed read is retried on the next call instead of being cached.
/// </summary>
internal sealed class GatewaySecrets(DaprClient dapr)
{
    public const string StoreName = "secretstore";
    public const string AdminKeyName = "gateway-admin-key";
    public const string PepperName = "gateway-key-pepper";

    Task<byte[]>? _adminKey;
    Task<byte[]>? _pepper;

    public Task<byte[]> AdminKeyAsync(CancellationToken cancellationToken) => Load(ref _adminKey, AdminKeyName, cancellationToken);

    public Task<byte[]> PepperAsync(CancellationToken cancellationToken) => Load(ref _pepper, PepperName, cancellationToken);

    /// <summary>Compares a presented admin key with the stored one in constant time.</summary>
    public async Task<bool> IsAdminKeyAsync(string? presented, CancellationToken cancellationToken)
    {
        var expected = await AdminKeyAsync(cancellationToken);
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        return presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(SHA256.HashData(expected), given);
    }

    Task<byte[]> Load(ref Task<byte[]>? slot, string name, CancellationToken cancellationToken)
    {
        var current = slot;
        if (current is { IsCompletedSuccessfully: true }) return current;
        var loading = Read(name, cancellationToken);
        slot = loading;
        return loading;
    }

    async Task<byte[]> Read(string name, CancellationToken cancellationToken)
    {
        var secret = await dapr.GetSecretAsync(StoreName, name, cancellationToken: cancellationToken);
        var value = secret.TryGetValue(name, out var v) ? v : secret.Values.FirstOrDefault();
        if (string.IsNullOrEmpty(value)) throw new InvalidOperationException($"Secret '{name}' is missing from '{StoreName}'.");
        return Encoding.UTF8.GetBytes(value);
    }
}
