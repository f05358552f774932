using System.Text.Json;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.PubSub;

/// <summary>daprd's publish routes, and the per-sidecar services behind pub/sub.</summary>
internal static class PubSubHttpApi
{
    public static void AddPubSubServices(IServiceCollection services)
    {
        services.AddSingleton<PublishService>();
        services.AddSingleton<SubscriptionRunner>();
        services.AddSingleton<IActiveSubscriptions>(s => s.GetRequiredService<SubscriptionRunner>());
        services.AddSingleton<ISidecarFeature>(s => s.GetRequiredService<SubscriptionRunner>());
    }

    public static void MapPubSubApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/v1.0/publish/{pubsub}/{**topic}", PublishAsync);
        api.MapPost("/v1.0-alpha1/publish/bulk/{pubsub}/{**topic}", PublishBulkAsync);
        api.MapPost("/v1.0/publish/bulk/{pubsub}/{**topic}", PublishBulkAsync);
    }

    private static async Task<IResult> PublishAsync(string pubsub, string topic, HttpContext http, PublishService publisher)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var publication = new Publication(pubsub, topic, body.GetBuffer().AsMemory(0, (int)body.Length), http.Request.ContentType,
            QueryMetadata(http.Request), publisher.AppId, TraceParent(http.Request), http.Request.Headers["tracestate"].ToString());
        await publisher.PublishAsync(publication, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> PublishBulkAsync(string pubsub, string topic, HttpContext http, PublishService publisher)
    {
        JsonDocument body;
        try { body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted); }
        catch (JsonException e) { throw DaprErrors.Malformed($"failed to parse the bulk publish body: {e.Message}"); }
        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Array) throw DaprErrors.Malformed("the bulk publish body must be a JSON array");
            var common = QueryMetadata(http.Request);
            var traceParent = TraceParent(http.Request);
            var entries = body.RootElement.EnumerateArray().Select(entry =>
            {
                var id = entry.TryGetProperty("entryId", out var e) ? e.GetString() : null;
                if (string.IsNullOrEmpty(id)) throw DaprErrors.Malformed("every bulk entry needs an 'entryId'");
                var contentType = entry.TryGetProperty("contentType", out var c) ? c.GetString() : null;
                var data = entry.TryGetProperty("event", out var ev)
                    ? ev.ValueKind == JsonValueKind.String && contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true
                        ? System.Text.Encoding.UTF8.GetBytes(ev.GetString()!)
                        : System.Text.Encoding.UTF8.GetBytes(ev.GetRawText())
                    : [];
                var metadata = new Dictionary<string, string>(common);
                if (entry.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
                    foreach (var p in m.EnumerateObject()) metadata[p.Name] = p.Value.GetString() ?? "";
                return (id, new Publication(pubsub, topic, data, contentType, metadata, publisher.AppId, traceParent, null));
            }).ToArray();
            var failed = await publisher.PublishBulkAsync(pubsub, topic, entries, http.RequestAborted);
            if (failed.Count == 0) return Results.NoContent();
            var response = new BulkPublishFailure("ERR_PUBSUB_PUBLISH_MESSAGE",
                failed.Select(f => new FailedEntry(f.EntryId, f.Error)).ToArray());
            return Results.Json(response, PubSubJson.Default.BulkPublishFailure, statusCode: 500);
        }
    }

    private static string? TraceParent(HttpRequest request) => request.Headers["traceparent"] is { Count: > 0 } t ? t.ToString() : null;

    private static Dictionary<string, string> QueryMetadata(HttpRequest request) =>
        request.Query.Where(q => q.Key.StartsWith("metadata.", StringComparison.Ordinal))
            .ToDictionary(q => q.Key["metadata.".Length..], q => q.Value.ToString());
}

internal sealed record FailedEntry(string EntryId, string Error);

internal sealed record BulkPublishFailure(string ErrorCode, IReadOnlyList<FailedEntry> FailedEntries);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(BulkPublishFailure))]
internal sealed partial class PubSubJson : System.Text.Json.Serialization.JsonSerializerContext;
