using System.Text.Json;
using Dapr;
using Dapr.Client;

namespace GoLive.Webhooks.Storage;

/// <summary>The state port on the <c>statestore</c> component (outbox to <c>webhooks-events</c> declared in its YAML).</summary>
internal sealed class DaprWebhookState(DaprClient dapr) : IWebhookState
{
    public const string StoreName = "statestore";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(T? Value, string? ETag)> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        var (value, etag) = await dapr.GetStateAndETagAsync<T>(StoreName, key, cancellationToken: cancellationToken);
        return (value, string.IsNullOrEmpty(etag) ? null : etag);
    }

    public Task SaveAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        dapr.SaveStateAsync(StoreName, key, value, cancellationToken: cancellationToken);

    public async Task<bool> TrySaveAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken)
    {
        if (etag is not null)
        {
            return await dapr.TrySaveStateAsync(StoreName, key, value, etag, cancellationToken: cancellationToken);
        }

        try
        {
            var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };
            await dapr.SaveStateAsync(StoreName, key, value, firstWrite, cancellationToken: cancellationToken);
            return true;
        }
        catch (DaprException)
        {
            // first-write on an existing key: another writer got there first.
            return false;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        dapr.DeleteStateAsync(StoreName, key, cancellationToken: cancellationToken);

    public Task SaveAndPublishAsync<T>(string key, T value, OutboxEvent @event, CancellationToken cancellationToken)
    {
        var eventMetadata = new Dictionary<string, string>
        {
            ["cloudevent.type"] = @event.Type,
            ["cloudevent.id"] = @event.Id,
        };
        // The projection replaces the published payload, so subscribers never see the stored document (secrets).
        var projection = new Dictionary<string, string>(eventMetadata) { ["outbox.projection"] = "true" };
        var operations = new List<StateTransactionRequest>
        {
            new(key, JsonSerializer.SerializeToUtf8Bytes(value, Json), StateOperationType.Upsert, metadata: eventMetadata),
            new(key, JsonSerializer.SerializeToUtf8Bytes(@event.Payload, Json), StateOperationType.Upsert, metadata: projection),
        };
        return dapr.ExecuteStateTransactionAsync(StoreName, operations, cancellationToken: cancellationToken);
    }
}
