using System.Text.Json;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Bindings;

/// <summary><c>POST|PUT /v1.0/bindings/{name}</c> with <c>{data, metadata, operation}</c>; answer metadata comes back as <c>metadata.*</c> headers.</summary>
internal static class BindingsHttpApi
{
    public static void AddBindingServices(IServiceCollection services)
    {
        services.AddSingleton<BindingService>();
        services.AddSingleton<ISidecarFeature, InputBindingRunner>();
    }

    public static void MapBindingsApi(this IEndpointRouteBuilder api) =>
        api.MapMethods("/v1.0/bindings/{name}", ["POST", "PUT"], InvokeAsync);

    private static async Task InvokeAsync(string name, HttpContext http, BindingService bindings)
    {
        JsonDocument body;
        try { body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted); }
        catch (JsonException e) { throw DaprErrors.Malformed($"failed to parse the binding request: {e.Message}"); }
        using (body)
        {
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw DaprErrors.Malformed("the binding request must be a JSON object");
            ReadOnlyMemory<byte> data = root.TryGetProperty("data", out var d)
                ? d.ValueKind == JsonValueKind.String ? System.Text.Encoding.UTF8.GetBytes(d.GetString()!) : System.Text.Encoding.UTF8.GetBytes(d.GetRawText())
                : ReadOnlyMemory<byte>.Empty;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
                foreach (var p in m.EnumerateObject()) metadata[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            var operation = root.TryGetProperty("operation", out var o) ? o.GetString() ?? "" : "";
            var result = await bindings.InvokeAsync(name, new BindingInvocation(operation, data, metadata), http.RequestAborted);
            foreach (var (key, value) in result.Metadata) http.Response.Headers["metadata." + key] = value;
            if (result.Data.Length == 0)
            {
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            http.Response.StatusCode = StatusCodes.Status200OK;
            await http.Response.Body.WriteAsync(result.Data, http.RequestAborted);
        }
    }
}
