using Dapr;
using GoLive.DaprAccess;
using GoLive.DaprAccess.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Flags.Client;

/// <summary>Registers the evaluation client in an app and subscribes it to the Flags change events.</summary>
public static class FlagsClientExtensions
{
    /// <summary>Adds <see cref="FlagsClient"/>, its snapshot loader (Dapr invocation of the Flags app) and its refresher.</summary>
    public static IServiceCollection AddFlagsClient(this IServiceCollection services, Action<FlagsClientOptions>? configure = null)
    {
        var options = new FlagsClientOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<FlagsClient>();
        services.AddSidecarHttp();
        services.TryAddSingleton<IFlagSnapshotSource, DaprFlagSnapshotSource>();
        services.AddSingleton<SnapshotRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotRefresher>());
        return services;
    }

    /// <summary>
    /// Maps the subscription to <c>flags-events</c> (dead letters to <c>flags-events-deadletter</c>). Every change is
    /// applied at once, so a kill switch reaches this process as fast as pub/sub delivers. Answers SUCCESS for
    /// duplicates and events it does not use.
    /// </summary>
    public static IEndpointConventionBuilder MapFlagsClientEvents(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<FlagsClientOptions>();
        return endpoints.MapPost(options.Route, (FlagsChange? change, FlagsClient client) =>
            {
                if (change is { Key: not null, CatalogVersion: > 0 })
                {
                    client.Apply(change);
                }

                return TypedResults.Ok(new { status = "SUCCESS" });
            })
            .WithTopic(new TopicOptions
            {
                PubsubName = options.PubSubName,
                Name = options.Topic,
                DeadLetterTopic = Topics.DeadLetter(options.Topic),
            })
            .ExcludeFromDescription();
    }
}
