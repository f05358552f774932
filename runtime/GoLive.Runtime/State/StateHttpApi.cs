using System.Text.Json;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.State;

/// <summary>daprd's state routes under <c>/v1.0/state/{store}</c>. JSON values are stored as their raw JSON text.</summary>
internal static class StateHttpApi
{
    public static void AddStateServices(IServiceCollection services)
    {
        services.AddSingleton<StateService>();
        services.AddSingleton<ISidecarFeature, OutboxRelay>();
    }

    public static void MapStateApi(this IEndpointRouteBuilder api)
    {
        var state = api.MapGroup("/v1.0/state/{store}");
        state.MapPost("", SaveAsync);
        state.MapPost("/bulk", GetBulkAsync);
        state.MapPost("/transaction", TransactAsync);
        state.MapGet("/{key}", GetAsync);
        state.MapDelete("/{key}", DeleteAsync);
    }

    private static async Task<IResult> SaveAsync(string store, HttpRequest request, StateService state)
    {
        using var body = await ReadJsonAsync(request);
        if (body.RootElement.ValueKind != JsonValueKind.Array)
            throw DaprErrors.Malformed("the request body must be a JSON array of state items");
        var items = body.RootElement.EnumerateArray().Select(ReadItem).ToArray();
        await state.SaveAsync(store, items, request.HttpContext.RequestAborted);
        return Results.NoContent();
    }

    private static async Task GetAsync(string store, string key, HttpContext http, StateService state)
    {
        var entry = await state.GetAsync(store, key, http.RequestAborted);
        if (entry is null)
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        http.Response.Headers.ETag = entry.ETag;
        if (StateService.TtlExpireTime(entry) is { } expires) http.Response.Headers["metadata.ttlExpireTime"] = expires;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(entry.Value, http.RequestAborted);
    }

    private static async Task GetBulkAsync(string store, HttpContext http, StateService state)
    {
        using var body = await ReadJsonAsync(http.Request);
        if (!body.RootElement.TryGetProperty("keys", out var keysElement) || keysElement.ValueKind != JsonValueKind.Array)
            throw DaprErrors.Malformed("the request body must have a 'keys' array");
        var keys = keysElement.EnumerateArray().Select(k => k.GetString() ?? "").ToArray();
        var lookups = keys.Select(async key =>
        {
            try { return (key, entry: await state.GetAsync(store, key, http.RequestAborted), error: (string?)null); }
            catch (DaprApiException e) when (e.Error.HttpStatus != 400) { return (key, entry: (StateEntry?)null, error: e.Error.Message); }
        }).ToArray();
        var results = await Task.WhenAll(lookups);

        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter);
        writer.WriteStartArray();
        foreach (var (key, entry, error) in results)
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            if (error is not null) writer.WriteString("error", error);
            if (entry is not null)
            {
                writer.WritePropertyName("data");
                WriteValue(writer, entry.Value);
                writer.WriteString("etag", entry.ETag);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        await writer.FlushAsync(http.RequestAborted);
    }

    private static async Task<IResult> DeleteAsync(string store, string key, HttpRequest request, StateService state)
    {
        var etag = request.Headers.IfMatch.ToString();
        var item = new StateRequestItem(key, [], etag.Length > 0 ? etag.Trim('"') : null,
            request.Query["concurrency"] == "first-write", QueryMetadata(request));
        await state.DeleteAsync(store, [item], request.HttpContext.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> TransactAsync(string store, HttpRequest request, StateService state)
    {
        using var body = await ReadJsonAsync(request);
        if (!body.RootElement.TryGetProperty("operations", out var operations) || operations.ValueKind != JsonValueKind.Array)
            throw DaprErrors.Malformed("the request body must have an 'operations' array");
        var changes = operations.EnumerateArray().Select(o =>
        {
            var operation = o.TryGetProperty("operation", out var op) ? op.GetString() ?? "" : "";
            if (!o.TryGetProperty("request", out var item)) throw DaprErrors.Malformed("every operation needs a 'request'");
            return (operation, ReadItem(item));
        }).ToArray();
        await state.TransactAsync(store, changes, request.HttpContext.RequestAborted);
        return Results.NoContent();
    }

    private static StateRequestItem ReadItem(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String)
            throw DaprErrors.Malformed("every state item needs a string 'key'");
        var value = item.TryGetProperty("value", out var v) ? JsonSerializer.SerializeToUtf8Bytes(v, StateJson.Default.JsonElement) : [];
        var etag = item.TryGetProperty("etag", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var firstWrite = item.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("concurrency", out var c) && c.GetString() == "first-write";
        Dictionary<string, string>? metadata = null;
        if (item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
            metadata = m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        return new StateRequestItem(key.GetString()!, value, etag, firstWrite, metadata);
    }

    /// <summary>Writes stored bytes as JSON when they are JSON (what HTTP clients saved), else as a string.</summary>
    private static void WriteValue(Utf8JsonWriter writer, byte[] value)
    {
        var reader = new Utf8JsonReader(value);
        try
        {
            if (JsonDocument.TryParseValue(ref reader, out var document))
            {
                using (document) document.RootElement.WriteTo(writer);
                return;
            }
        }
        catch (JsonException) { /* not JSON: fall through */ }
        writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(value));
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw DaprErrors.Malformed($"failed to parse the request body as JSON: {e.Message}");
        }
    }

    private static Dictionary<string, string> QueryMetadata(HttpRequest request) =>
        request.Query.Where(q => q.Key.StartsWith("metadata.", StringComparison.Ordinal))
            .ToDictionary(q => q.Key["metadata.".Length..], q => q.Value.ToString());
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class StateJson : System.Text.Json.Serialization.JsonSerializerContext;
