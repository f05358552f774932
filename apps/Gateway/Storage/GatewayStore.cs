using Dapr;
using Dapr.Client;
using Grpc.Core;

namespace GoLive.Gateway.Storage;

/// <summary>A stored value and the ETag that must accompany its next write ("" when the key is missing).</summary>
internal readonly record struct Versioned<T>(T? Value, string ETag);

/// <summary>The gateway's only door to the Dapr state store (<c>statestore</c>): ETag-checked reads and writes.</summary>
internal interface IGatewayStore
{
    Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken);

    /// <summary>Writes when the stored ETag is still <paramref name="etag"/> ("" = the key must not exist); false on a race.</summary>
    Task<bool> TrySaveAsync<T>(string key, T value, string etag, TimeSpan? ttl, CancellationToken cancellationToken);

    /// <summary>Applies the upserts together (outbox: each publishes on <c>gateway-events</c>); false on an ETag race.</summary>
    Task<bool> TryTransactAsync(IReadOnlyList<StateTransactionRequest> upserts, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

internal sealed class DaprGatewayStore(DaprClient dapr) : IGatewayStore
{
    public const string StoreName = "statestore";
    static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };

    public async Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        var (value, etag) = await dapr.GetStateAndETagAsync<T>(StoreName, key, ConsistencyMode.Strong, cancellationToken: cancellationToken);
        return new(value, etag ?? "");
    }

    public async Task<bool> TrySaveAsync<T>(string key, T value, string etag, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        var metadata = ttl is { } t
            ? new Dictionary<string, string> { ["ttlInSeconds"] = ((long)Math.Ceiling(t.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null;
        return await dapr.TrySaveStateAsync(StoreName, key, value, etag, FirstWrite, metadata, cancellationToken);
    }

    public async Task<bool> TryTransactAsync(IReadOnlyList<StateTransactionRequest> upserts, CancellationToken cancellationToken)
    {
        try
        {
            await dapr.ExecuteStateTransactionAsync(StoreName, upserts, cancellationToken: cancellationToken);
            return true;
        }
        catch (DaprException e) when (e.InnerException is RpcException { StatusCode: StatusCode.Aborted })
        {
            return false;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        dapr.DeleteStateAsync(StoreName, key, cancellationToken: cancellationToken);
}
