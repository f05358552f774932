using Dapr.Client.Autogen.Grpc.v1;
using GoLive.Runtime.Metadata;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Grpc;

public partial class DaprGrpcService
{
    public virtual Task<GetMetadataResponse> GetMetadata(GetMetadataRequest request, ServerCallContext context)
    {
        var body = MetadataApi.Describe(Sidecar, context.GetHttpContext().RequestServices);
        var response = new GetMetadataResponse { Id = body.Id, RuntimeVersion = body.RuntimeVersion };
        response.RegisteredComponents.AddRange(body.Components.Select(c =>
        {
            var component = new RegisteredComponents { Name = c.Name, Type = c.Type, Version = c.Version };
            component.Capabilities.AddRange(c.Capabilities);
            return component;
        }));
        response.Subscriptions.AddRange(body.Subscriptions.Select(s =>
        {
            var subscription = new PubsubSubscription { PubsubName = s.PubsubName, Topic = s.Topic, DeadLetterTopic = s.DeadLetterTopic ?? "", Rules = new PubsubSubscriptionRules() };
            foreach (var (k, v) in s.Metadata) subscription.Metadata[k] = v;
            subscription.Rules.Rules.AddRange(s.Rules.Select(r => new PubsubSubscriptionRule { Match = r.Match, Path = r.Path }));
            return subscription;
        }));
        foreach (var (k, v) in body.Extended) response.ExtendedMetadata[k] = v;
        response.ActorRuntime = new ActorRuntime
        {
            RuntimeStatus = ActorRuntime.Types.ActorRuntimeStatus.Running, HostReady = body.ActorRuntime.HostReady, Placement = body.ActorRuntime.Placement,
        };
        response.ActorRuntime.ActiveActors.AddRange(body.ActorRuntime.ActiveActors.Select(a => new ActiveActorsCount { Type = a.Type, Count = a.Count }));
        if (body.AppConnectionProperties is { } app)
            response.AppConnectionProperties = new AppConnectionProperties { Port = app.Port, Protocol = app.Protocol, ChannelAddress = app.ChannelAddress };
        return Task.FromResult(response);
    }

    public virtual Task<Empty> SetMetadata(SetMetadataRequest request, ServerCallContext context)
    {
        MetadataApi.ExtendedFor(Sidecar)[request.Key] = request.Value;
        return Task.FromResult(new Empty());
    }

    public virtual Task<Empty> Shutdown(ShutdownRequest request, ServerCallContext context)
    {
        Sidecar.RequestShutdown();
        return Task.FromResult(new Empty());
    }
}
