using GoLive.DaprAccess;
using GoLive.DaprAccess.State;
using GoLive.Webhooks.Deliveries;
using GoLive.Webhooks.Endpoints;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Webhooks;

/// <summary>The app's services: state port, endpoints, deliveries and the background delivery loop.</summary>
internal static class WebhooksRegistration
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<WebhooksOptions>(builder.Configuration.GetSection(WebhooksOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        // Endpoints, messages and indexes in `statestore`, whose outbox publishes the endpoint-disabled event on `webhooks-events`.
        services.AddStateStore(Components.StateStore);
        services.TryAddSingleton<IDeliveryScheduler, DueIndexScheduler>();
        services.TryAddSingleton(new RetrySchedule());
        services.AddSingleton<TargetGuard>();
        services.AddSingleton<EndpointRegistry>();
        services.AddSingleton<MessageStore>();
        services.AddSingleton<EventFanout>();
        services.AddSingleton<EndpointThrottles>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddSingleton<Redelivery>();
        services.AddHttpClient<WebhookSender>(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.CreateHandler(sp.GetRequiredService<TargetGuard>()))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // the sender applies AttemptTimeout
        services.AddHostedService<DeliveryLoop>();
        return builder;
    }
}
