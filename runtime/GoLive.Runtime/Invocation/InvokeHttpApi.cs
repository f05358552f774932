using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Invocation;

/// <summary>
/// Service invocation over HTTP: <c>{verb} /v1.0/invoke/{appId}/method/{path}</c>, and the header form (any other path
/// with <c>dapr-app-id</c>), both proxied to the target app unchanged.
/// </summary>
internal static class InvokeHttpApi
{
    public const string AppIdHeader = "dapr-app-id";

    public static void AddInvocationServices(IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.AddSingleton<InvocationProxy>();
    }

    public static void MapInvokeApi(this IEndpointRouteBuilder api)
    {
        api.Map("/v1.0/invoke/{appId}/method/{**path}", (HttpContext http, string appId, InvocationProxy proxy) =>
        {
            http.Request.Path.StartsWithSegments($"/v1.0/invoke/{appId}/method", StringComparison.OrdinalIgnoreCase, out var method);
            return proxy.ForwardAsync(http, appId, method);
        });

        // The lowest-precedence route: only a path that no sidecar API route claims can be an invocation by header,
        // so `dapr-app-id` never shadows /v1.0/… (nor the gRPC API, whose routes are more specific).
        api.Map("/{**path}", (HttpContext http, InvocationProxy proxy) =>
            http.Request.Headers[AppIdHeader] is [{ Length: > 0 } appId]
                ? proxy.ForwardAsync(http, appId, http.Request.Path)
                : Results.NotFound().ExecuteAsync(http));
    }
}
