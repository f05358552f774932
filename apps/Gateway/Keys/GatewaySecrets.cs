using System.Text;
using Dapr.Client;
using GoLive.DaprAccess;

namespace GoLive.Gateway.Keys;

/// <summary>
/// The hashing pepper of partner keys, read from the Dapr secret store (<c>secretstore</c>) on first use and kept in
/// memory; a failed read is retried on the next call instead of being cached.
/// </summary>
internal sealed class GatewaySecrets(DaprClient dapr)
{
    public const string StoreName = Components.SecretStore;
    public const string PepperName = "gateway-key-pepper";

    private Task<byte[]>? _pepper;

    /// <summary>A pepper already known (domain tests, benchmarks): nothing is read from the store.</summary>
    internal GatewaySecrets(byte[] pepper) : this(dapr: null!) => _pepper = Task.FromResult(pepper);

    public Task<byte[]> PepperAsync(CancellationToken cancellationToken) => Load(ref _pepper, PepperName, cancellationToken);

    /// <summary>The loaded or loading secret; concurrent first requests share one read, and only a failed read is repeated.</summary>
    private Task<byte[]> Load(ref Task<byte[]>? slot, string name, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref slot);
        if (current is not null && !current.IsFaulted && !current.IsCanceled) return current.WaitAsync(cancellationToken);
        var loading = Read(name);
        var winner = Interlocked.CompareExchange(ref slot, loading, current);
        return (winner == current ? loading : winner!).WaitAsync(cancellationToken);
    }

    // Not a caller's token: every request waiting for the secret shares this read.
    private async Task<byte[]> Read(string name)
    {
        var secret = await dapr.GetSecretAsync(StoreName, name);
        var value = secret.TryGetValue(name, out var v) ? v : secret.Values.FirstOrDefault();
        if (string.IsNullOrEmpty(value)) throw new InvalidOperationException($"Secret '{name}' is missing from '{StoreName}'.");
        return Encoding.UTF8.GetBytes(value);
    }
}
