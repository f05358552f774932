using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.PubSub;

/// <summary>
/// Once the app is up, reads its programmatic subscriptions and the declarative ones in scope, and subscribes each to
/// its broker with the app id as the consumer group.
/// </summary>
internal sealed class SubscriptionRunner(SidecarContext sidecar, ILogger<SubscriptionRunner> logger) : ISidecarFeature, IActiveSubscriptions
{
    private readonly List<(EventDelivery Delivery, IAsyncDisposable Subscription)> _active = [];

    public IReadOnlyList<SubscriptionSpec> Current { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (sidecar.Channel is not { } app || !sidecar.All<IPubSubBroker>().Any()) return;
        IReadOnlyList<SubscriptionSpec> programmatic;
        try
        {
            programmatic = await AppSubscriptions.LoadAsync(app, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or System.Text.Json.JsonException)
        {
            logger.LogError(e, "App {AppId}: could not read its subscriptions from /dapr/subscribe", sidecar.AppId);
            programmatic = [];
        }
        var declarative = sidecar.Catalog.Resources.Subscriptions
            .Where(s => s.Scopes.Count == 0 || s.Scopes.Contains(sidecar.AppId, StringComparer.Ordinal));
        var started = new List<SubscriptionSpec>();
        foreach (var spec in programmatic.Concat(declarative))
        {
            if (Subscribe(spec)) started.Add(spec);
        }
        Current = started;
    }

    private bool Subscribe(SubscriptionSpec spec)
    {
        if (sidecar.Components.GetValueOrDefault(spec.PubsubName)?.Instance is not IPubSubBroker broker)
        {
            logger.LogError("App {AppId} subscribes to {Topic} on pubsub {PubSub}, which is not configured for it", sidecar.AppId, spec.Topic, spec.PubsubName);
            return false;
        }
        EventDelivery delivery;
        try
        {
            delivery = new EventDelivery(spec, broker, sidecar, sidecar.Catalog.Resiliency.ForComponentInbound(spec.PubsubName), logger);
        }
        catch (FormatException e)
        {
            logger.LogError(e, "App {AppId}: subscription to {Topic} not started", sidecar.AppId, spec.Topic);
            return false;
        }
        _active.Add((delivery, broker.Subscribe(spec.Topic, sidecar.AppId, delivery.HandleAsync)));
        logger.LogInformation("App {AppId} subscribed to {PubSub}/{Topic} ({Source})", sidecar.AppId, spec.PubsubName, spec.Topic, spec.Source);
        return true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var (delivery, subscription) in _active)
        {
            await subscription.DisposeAsync();
            await delivery.DisposeAsync();
        }
        _active.Clear();
        Current = [];
    }
}
