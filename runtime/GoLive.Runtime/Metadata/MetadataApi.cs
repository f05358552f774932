using System.Collections.Concurrent;
using GoLive.Runtime.Actors;
using GoLive.Runtime.Components;
using GoLive.Runtime.PubSub;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Metadata;

/// <summary>What the metadata API reports about one sidecar; the HTTP and gRPC answers are both drawn from it.</summary>
internal sealed record MetadataBody(
    string Id,
    string RuntimeVersion,
    IReadOnlyList<string> EnabledFeatures,
    IReadOnlyList<ComponentBody> Components,
    IReadOnlyList<SubscriptionBody> Subscriptions,
    IReadOnlyDictionary<string, string> Extended,
    AppConnectionBody? AppConnectionProperties,
    ActorRuntimeBody ActorRuntime);

/// <summary>daprd's <c>actorRuntime</c>: whether this app hosts actors and how many of each type are active here.</summary>
internal sealed record ActorRuntimeBody(string RuntimeStatus, IReadOnlyList<ActiveActorsBody> ActiveActors, bool HostReady, string Placement);

internal sealed record ActiveActorsBody(string Type, int Count);

internal sealed record ComponentBody(string Name, string Type, string Version, IReadOnlyList<string> Capabilities);

internal sealed record SubscriptionBody(string PubsubName, string Topic, IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<RuleBody> Rules, string? DeadLetterTopic, string Type);

internal sealed record RuleBody(string Match, string Path);

internal sealed record AppConnectionBody(int Port, string Protocol, string ChannelAddress);

/// <summary>Health and metadata routes: <c>/v1.0/healthz</c>, <c>/v1.0/healthz/outbound</c>, <c>/v1.0/metadata</c>, <c>/v1.0/shutdown</c>.</summary>
internal static class MetadataApi
{
    public const string RuntimeVersion = "1.19.0-golive";

    /// <summary>Attributes set with <c>PUT /v1.0/metadata/{key}</c>, per app.</summary>
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> Extended = new();

    public static void MapHealthApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/v1.0/healthz", (SidecarContext sidecar) => sidecar.IsReady
            ? Results.NoContent()
            : Results.Json(new DaprErrorBody("ERR_HEALTH_NOT_READY", "dapr is not ready"), SidecarJson.Default.DaprErrorBody, statusCode: 500));
        api.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
    }

    public static void MapMetadataApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/v1.0/metadata", (SidecarContext sidecar, IServiceProvider services) =>
            Results.Json(Describe(sidecar, services), SidecarJson.Default.MetadataBody));
        api.MapPut("/v1.0/metadata/{key}", async (string key, HttpRequest request, SidecarContext sidecar) =>
        {
            using var reader = new StreamReader(request.Body);
            ExtendedFor(sidecar)[key] = await reader.ReadToEndAsync();
            return Results.NoContent();
        });
        api.MapPost("/v1.0/shutdown", (SidecarContext sidecar) =>
        {
            sidecar.RequestShutdown();
            return Results.NoContent();
        });
    }

    public static ConcurrentDictionary<string, string> ExtendedFor(SidecarContext sidecar) =>
        Extended.GetOrAdd(sidecar.AppId, _ => new ConcurrentDictionary<string, string>());

    public static MetadataBody Describe(SidecarContext sidecar, IServiceProvider services)
    {
        var components = sidecar.Components.Values
            .Select(c => new ComponentBody(c.Spec.Name, c.Spec.Type, c.Spec.Version,
                (c.Instance as IComponentCapabilities)?.Capabilities ?? []))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();
        var subscriptions = (services.GetService<IActiveSubscriptions>()?.Current ?? [])
            .Select(s => new SubscriptionBody(s.PubsubName, s.Topic, s.Metadata,
                s.Rules.Select(r => new RuleBody(r.Match, r.Path)).Append(new RuleBody("", s.DefaultPath ?? "")).Where(r => r.Path.Length > 0).ToArray(),
                s.DeadLetterTopic, s.Source == SubscriptionSource.Declarative ? "DECLARATIVE" : "PROGRAMMATIC"))
            .ToArray();
        var app = sidecar.Options.AppPort is { } port
            ? new AppConnectionBody(port, "http", sidecar.Options.AppHost)
            : null;
        var actors = services.GetService<ActorHost>();
        var hosted = actors?.Config.Entities ?? [];
        var active = actors?.ActiveByType.ToDictionary(t => t.Type, t => t.Count) ?? [];
        var actorRuntime = new ActorRuntimeBody("RUNNING", hosted.Select(t => new ActiveActorsBody(t, active.GetValueOrDefault(t))).ToArray(),
            HostReady: hosted.Count > 0 && actors?.State is not null, Placement: "placement: in-process (GoLive local runtime)");
        return new MetadataBody(sidecar.AppId, RuntimeVersion, [], components, subscriptions, ExtendedFor(sidecar), app, actorRuntime);
    }
}
