using System.Text.Json.Serialization;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Secrets;

/// <summary><c>GET /v1.0/secrets/{store}/{name}</c> and <c>GET /v1.0/secrets/{store}/bulk</c>; <c>metadata.*</c> query parameters go to the store.</summary>
internal static class SecretsHttpApi
{
    public static void AddSecretServices(IServiceCollection services)
    {
    }

    public static void MapSecretsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/v1.0/secrets/{store}/bulk", async (string store, HttpContext http, SidecarContext sidecar) =>
            Results.Json(await SecretsApi.GetBulkAsync(sidecar, store, QueryMetadata(http.Request), http.RequestAborted), SecretsJson.Default.Bulk));
        api.MapGet("/v1.0/secrets/{store}/{name}", async (string store, string name, HttpContext http, SidecarContext sidecar) =>
            Results.Json(await SecretsApi.GetAsync(sidecar, store, name, QueryMetadata(http.Request), http.RequestAborted), SecretsJson.Default.Secret));
    }

    private static Dictionary<string, string> QueryMetadata(HttpRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
            if (key.StartsWith("metadata.", StringComparison.Ordinal)) metadata[key["metadata.".Length..]] = value.ToString();
        return metadata;
    }
}

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>), TypeInfoPropertyName = "Secret")]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>), TypeInfoPropertyName = "Bulk")]
internal sealed partial class SecretsJson : JsonSerializerContext;
