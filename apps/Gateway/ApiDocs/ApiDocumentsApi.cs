using System.Text.Json.Nodes;
using GoLive.DaprAccess.Sidecar;
using GoLive.Gateway.Proxy;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace GoLive.Gateway.ApiDocs;

/// <summary>
/// One OpenAPI document for partners: the gateway's own (from <c>Microsoft.AspNetCore.OpenApi</c>) plus each routed app's
/// <c>/openapi/v1.json</c> (fetched through the sidecar), keeping only the app paths under a route's <c>AppPrefix</c> and
/// renaming them to the public path (and to the route's methods). A missing or broken app document is skipped. Each
/// operation says how it is authenticated and has a curl example (<see cref="PartnerExamples"/>). The reference page is
/// Scalar at <c>/docs</c>.
/// </summary>
internal static class ApiDocumentsApi
{
    public const string DocumentName = "gateway";

    public static IServiceCollection AddApiDocuments(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName);
        return services;
    }

    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        // The partner-facing documentation is public, like the partner routes it describes.
        app.MapOpenApi("/openapi/{documentName}.json").Public();
        app.MapGet("/openapi/v1.json", Aggregate).ExcludeFromDescription().Public();
        app.MapScalarApiReference("/docs", options => options.WithTitle("GoLive API").WithOpenApiRoutePattern("/openapi/v1.json")).Public();
        return app;
    }

    private static async Task<IResult> Aggregate([FromKeyedServices(DocumentName)] IOpenApiDocumentProvider own, IOptions<GatewayRoutesOptions> routes,
        IHttpClientFactory clients, SidecarEndpoint sidecar, HttpRequest request, CancellationToken cancellationToken)
    {
        var document = await own.GetOpenApiDocumentAsync(cancellationToken);
        var json = JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken))!.AsObject();
        json["info"] = new JsonObject { ["title"] = "GoLive API", ["version"] = "v1" };
        var paths = json["paths"] as JsonObject ?? [];
        json["paths"] = paths;
        // The shared sidecar client carries the API token: without it every app would silently drop out of the document.
        var client = clients.CreateSidecarClient();
        foreach (var route in routes.Value.Routes)
        {
            if (await FetchAsync(client, sidecar.Invoke(route.AppId, "openapi/v1.json"), cancellationToken) is not { } appDocument)
            {
                continue;
            }

            Merge(json, paths, appDocument, route);
        }
        PartnerExamples.Describe(json, $"{request.Scheme}://{request.Host}");
        return Results.Text(json.ToJsonString(), "application/json");
    }

    private static void Merge(JsonObject target, JsonObject paths, JsonObject appDocument, GatewayRoute route)
    {
        var appPrefix = route.AppPrefix.TrimEnd('/');
        var schemaPrefix = route.AppId + ".";
        var text = appDocument.ToJsonString().Replace("#/components/schemas/", "#/components/schemas/" + schemaPrefix, StringComparison.Ordinal);
        var renamed = JsonNode.Parse(text)!.AsObject();
        foreach (var (path, item) in renamed["paths"] as JsonObject ?? [])
        {
            if (item is null || !(path == appPrefix || path.StartsWith(appPrefix + "/", StringComparison.Ordinal))) continue;
            var publicPath = route.PublicPrefix.TrimEnd('/') + path[appPrefix.Length..];
            if (item is JsonObject operations && route.Methods is { Length: > 0 } methods)
            {
                foreach (var verb in operations.Select(o => o.Key).Where(PartnerExamples.IsVerb).ToList())
                    if (!methods.Contains(verb, StringComparer.OrdinalIgnoreCase)) operations.Remove(verb);
                // Nothing the route lets through (e.g. a POST-only path behind a GET route) is not a public path.
                if (!operations.Any(o => PartnerExamples.IsVerb(o.Key))) continue;
            }
            foreach (var (_, operation) in item as JsonObject ?? [])
                if (operation is JsonObject op) op["x-required-scope"] = route.Scope;
            paths[publicPath] = item.DeepClone();
        }
        if (renamed["components"]?["schemas"] is JsonObject schemas)
        {
            var components = target["components"] as JsonObject ?? [];
            target["components"] = components;
            var targetSchemas = components["schemas"] as JsonObject ?? [];
            components["schemas"] = targetSchemas;
            foreach (var (name, schema) in schemas)
                targetSchemas[schemaPrefix + name] = schema?.DeepClone();
        }
    }

    private static async Task<JsonObject?> FetchAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await client.GetAsync(url, deadline.Token);
            if (!response.IsSuccessStatusCode) return null;
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(deadline.Token)) as JsonObject;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
