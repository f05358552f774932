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

    /// <summary>Secrets already known (domain tests, benchmarks): nothing is read from the store.</summary>
    internal GatewaySecrets(byte[] adminKey, byte[] pepper) : this(dapr: null!)
    {
        _adminKey = Task.FromResult(adminKey);
        _pepper = Task.FromResult(pepper);
    }

    public Task<byte[]> AdminKeyAsync(CancellationToken cancellationToken) => Load(ref _adminKey, AdminKeyName, cancellationToken);

    public Task<byte[]> PepperAsync(CancellationToken cancellationToken) => Load(ref _pepper, PepperName, cancellationToken);

    /// <summary>Compares a presented admin key with the stored one in constant time.</summary>
    public async Task<bool> IsAdminKeyAsync(string? presented, CancellationToken cancellationToken)
    {
        var expected = await AdminKeyAsync(cancellationToken);
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        return presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(SHA256.HashData(expected), given);
    }

    /// <summary>The loaded or loading secret; concurrent first requests share one read, and only a failed read is repeated.</summary>
    Task<byte[]> Load(ref Task<byte[]>? slot, string name, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref slot);
        if (current is not null && !current.IsFaulted && !current.IsCanceled) return current.WaitAsync(cancellationToken);
        var loading = Read(name);
        var winner = Interlocked.CompareExchange(ref slot, loading, current);
        return (winner == current ? loading : winner!).WaitAsync(cancellationToken);
    }

    // Not a caller's token: every request waiting for the secret shares this read.
    async Task<byte[]> Read(string name)
    {
        var secret = await dapr.GetSecretAsync(StoreName, name);
        var value = secret.TryGetValue(name, out var v) ? v : secret.Values.FirstOrDefault();
        if (string.IsNullOrEmpty(value)) throw new InvalidOperationException($"Secret '{name}' is missing from '{StoreName}'.");
        return Encoding.UTF8.GetBytes(value);
    }
}
