using GoLive.Runtime.PubSub;
using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.State;

/// <summary>The data and metadata of one event an outbox transaction publishes.</summary>
internal sealed record OutboxMessage(byte[] Data, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Where a state store's transactions publish their upserts (<c>outboxPublishPubsub</c>, <c>outboxPublishTopic</c>).</summary>
public sealed record OutboxTarget(string PubSub, string Topic);

/// <summary>
/// The transactional outbox. Each upsert of a transaction becomes a CloudEvent that is written, in the same store
/// transaction, as an outbox record; so the state change and its event commit together or not at all. Right after the
/// commit the events are published and their records deleted; a record left by a crash in between is published by the
/// sidecar's <see cref="OutboxRelay"/>. Publication is at least once: consumers deduplicate on the CloudEvent id.
/// </summary>
internal static class Outbox
{
    private const string Prefix = "__golive_outbox||";

    public static string KeyPrefix(string appId) => $"{Prefix}{appId}||";

    /// <summary>Whether an upsert is the event to publish for another upsert (metadata <c>outbox.projection</c>).</summary>
    public static bool IsProjection(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("outbox.projection", out var flag) && bool.TryParse(flag, out var on) && on;

    /// <summary>The upsert's metadata with the projection's on top (both may carry <c>cloudevent.*</c> overrides).</summary>
    public static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string>? upsert, IReadOnlyDictionary<string, string>? projection)
    {
        var merged = new Dictionary<string, string>(upsert ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in projection ?? new Dictionary<string, string>()) merged[key] = value;
        return merged;
    }

    /// <summary>
    /// The outbox records to add to a transaction, one per upserted key. Metadata <c>cloudevent.*</c> on the upsert (or its
    /// projection) overrides envelope fields, e.g. <c>cloudevent.type</c>; <c>ttlInSeconds</c> is the state's, not the event's.
    /// </summary>
    public static IReadOnlyList<StateUpsert> RecordsFor(SidecarContext sidecar, OutboxTarget target, IEnumerable<OutboxMessage> messages) =>
        messages.Select(message =>
        {
            var metadata = message.Metadata.Where(m => m.Key.StartsWith("cloudevent.", StringComparison.Ordinal))
                .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            var publication = new Publication(target.PubSub, target.Topic, message.Data, null, metadata, sidecar.AppId, null, null);
            var cloudEvent = CloudEvents.Wrap(publication, sidecar.Time.GetUtcNow());
            return new StateUpsert(KeyPrefix(sidecar.AppId) + Guid.NewGuid().ToString("N"), cloudEvent, null, true, null);
        }).ToArray();

    /// <summary>Publishes outbox records and deletes each once its event is out. Returns how many were published.</summary>
    public static async Task<int> RelayAsync(SidecarContext sidecar, StateStoreComponent store, IReadOnlyList<KeyValuePair<string, byte[]>> records,
        ILogger logger, CancellationToken cancellationToken)
    {
        if (store.Outbox is not { } target || records.Count == 0) return 0;
        if (sidecar.Components.GetValueOrDefault(target.PubSub)?.Instance is not IPubSubBroker broker)
        {
            logger.LogError("Outbox of {Store} names pubsub {PubSub}, which app {AppId} cannot see; events stay in the outbox",
                store.Name, target.PubSub, sidecar.AppId);
            return 0;
        }
        var published = 0;
        foreach (var (key, cloudEvent) in records)
        {
            try
            {
                await broker.PublishAsync(new BrokerMessage(target.Topic, cloudEvent, CloudEvents.MediaType, new Dictionary<string, string>()), cancellationToken);
                await store.Store.ApplyAsync([new StateDelete(key, null, false)], cancellationToken);
                published++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Outbox event {Key} of {Store} not published yet, the relay will retry", key, store.Name);
            }
        }
        return published;
    }
}

/// <summary>Publishes outbox records that a crash left behind, for every outbox store this app uses.</summary>
internal sealed class OutboxRelay(SidecarContext sidecar, ILogger<OutboxRelay> logger) : ISidecarFeature
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var stores = sidecar.All<StateStoreComponent>().Where(s => s.Instance.Outbox is not null).Select(s => s.Instance).ToArray();
        if (stores.Length > 0) _loop = RunAsync(stores);
        return Task.CompletedTask;
    }

    private async Task RunAsync(StateStoreComponent[] stores)
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var store in stores)
            {
                try
                {
                    var records = await store.Store.ScanAsync(Outbox.KeyPrefix(sidecar.AppId), 100, _stop.Token);
                    var published = await Outbox.RelayAsync(sidecar, store, records.Select(r => KeyValuePair.Create(r.Key, r.Value.Value)).ToArray(), logger, _stop.Token);
                    if (published > 0) logger.LogInformation("Outbox relay published {Count} pending events of {Store}", published, store.Name);
                }
                catch (OperationCanceledException) { return; }
                catch (Exception e) when (e is DaprApiException or InvalidOperationException)
                {
                    logger.LogWarning(e, "Outbox relay for {Store} failed, retrying", store.Name);
                }
            }
            try { await Task.Delay(Interval, sidecar.Time, _stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _loop;
    }
}
