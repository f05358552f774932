using System.Text.Json;

namespace GoLive.Status.Storage;

/// <summary>One write of a state transaction: an upsert (with value) or a delete, with Dapr metadata.</summary>
internal sealed record StateWrite(string Key, byte[]? Value, IReadOnlyDictionary<string, string>? Metadata = null)
{
    public static StateWrite Upsert<T>(string key, T value, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(key, JsonSerializer.SerializeToUtf8Bytes(value, StateJson.Options), metadata);

    public static StateWrite Delete(string key) => new(key, null);
}

/// <summary>
/// The port to one Dapr state store. Values are JSON; a transaction is all-or-nothing (and on a store with an outbox
/// publishes its upserts). Implemented over <c>DaprClient</c>; tests use an in-memory one.
/// </summary>
internal interface IStateStore
{
    Task<T?> GetAsync<T>(string key, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, T>> GetManyAsync<T>(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken);

    Task TransactAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken);
}

internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

/// <summary>The two stores Status uses: <c>statestore</c> (incidents, components; outbox) and <c>metricstore</c>.</summary>
internal sealed class StoreNames
{
    public const string Section = "Status:Stores";

    /// <summary>Incidents, components and maintenance; its outbox publishes Status events.</summary>
    public string State { get; set; } = "statestore";

    /// <summary>Metric buckets and the ingest journal; no outbox, so its transactions publish nothing.</summary>
    public string Metrics { get; set; } = "metricstore";
}
