using Dapr.Client.Autogen.Grpc.v1;
using GoLive.Runtime.PubSub;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Grpc;

public partial class DaprGrpcService
{
    private static PublishService Publisher(ServerCallContext context) => context.GetHttpContext().RequestServices.GetRequiredService<PublishService>();

    public virtual async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        var publisher = Publisher(context);
        var (traceParent, traceState) = TraceContext(context);
        var publication = new Publication(request.PubsubName, request.Topic, request.Data.Memory, request.DataContentType,
            request.Metadata, publisher.AppId, traceParent, traceState);
        await publisher.PublishAsync(publication, context.CancellationToken);
        return new Empty();
    }

    public virtual async Task<BulkPublishResponse> BulkPublishEvent(BulkPublishRequest request, ServerCallContext context)
    {
        var publisher = Publisher(context);
        var (traceParent, traceState) = TraceContext(context);
        var entries = request.Entries.Select(e =>
        {
            var metadata = new Dictionary<string, string>(request.Metadata);
            foreach (var (k, v) in e.Metadata) metadata[k] = v;
            return (e.EntryId, new Publication(request.PubsubName, request.Topic, e.Event.Memory, e.ContentType, metadata,
                publisher.AppId, traceParent, traceState));
        }).ToArray();
        var failed = await publisher.PublishBulkAsync(request.PubsubName, request.Topic, entries, context.CancellationToken);
        var response = new BulkPublishResponse();
        response.FailedEntries.AddRange(failed.Select(f => new BulkPublishResponseFailedEntry { EntryId = f.EntryId, Error = f.Error }));
        return response;
    }

    public virtual Task<BulkPublishResponse> BulkPublishEventAlpha1(BulkPublishRequest request, ServerCallContext context) =>
        BulkPublishEvent(request, context);

    private static (string? TraceParent, string? TraceState) TraceContext(ServerCallContext context) =>
        (context.RequestHeaders.GetValue("traceparent"), context.RequestHeaders.GetValue("tracestate"));
}
