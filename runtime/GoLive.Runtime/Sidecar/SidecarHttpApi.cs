using System.Text.Json;
using GoLive.Runtime.Actors;
using GoLive.Runtime.Bindings;
using GoLive.Runtime.Invocation;
using GoLive.Runtime.Metadata;
using GoLive.Runtime.PubSub;
using GoLive.Runtime.Secrets;
using GoLive.Runtime.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Sidecar;

/// <summary>The sidecar's HTTP surface: the shared pipeline and the table of every API area.</summary>
internal static class SidecarHttpApi
{
    /// <summary>Each area's services, registered in every sidecar.</summary>
    public static IEnumerable<Action<IServiceCollection>> AreaServices =>
    [
        StateHttpApi.AddStateServices,
        PubSubHttpApi.AddPubSubServices,
        InvokeHttpApi.AddInvocationServices,
        SecretsHttpApi.AddSecretServices,
        BindingsHttpApi.AddBindingServices,
        ActorsHttpApi.AddActorServices,
    ];

    public static void MapSidecarHttpApi(this IEndpointRouteBuilder api)
    {
        api.MapHealthApi();
        api.MapMetadataApi();
        api.MapStateApi();
        api.MapPubSubApi();
        api.MapInvokeApi();
        api.MapSecretsApi();
        api.MapBindingsApi();
        api.MapActorsApi();
        // Anything else under the API prefix is an unknown method, never a silent success.
        api.Map("/v{version}/{**rest}", (HttpContext http) =>
            throw new DaprApiException(new DaprError("ERR_NOT_SUPPORTED",
                $"{http.Request.Method} {http.Request.Path} is not supported by the GoLive local runtime", 501, global::Grpc.Core.StatusCode.Unimplemented)));
    }

    public static void UseSidecarPipeline(this WebApplication app)
    {
        // The .NET actor SDK requests "//v1.0/…": collapse repeated leading slashes as daprd's router does.
        app.Use((http, next) =>
        {
            var path = http.Request.Path.Value;
            if (path is not null && path.StartsWith("//", StringComparison.Ordinal))
                http.Request.Path = new PathString("/" + path.TrimStart('/'));
            return next(http);
        });
        if (app.Services.GetRequiredService<SidecarContext>().Options.ApiToken is { } token)
            app.Use((http, next) => ApiToken.CheckAsync(http, token, () => next(http)));
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (DaprApiException e) when (!http.Response.HasStarted)
            {
                await WriteErrorAsync(http, e.Error);
            }
            catch (JsonException e) when (!http.Response.HasStarted)
            {
                await WriteErrorAsync(http, DaprErrors.Malformed($"invalid JSON: {e.Message}").Error);
            }
            catch (BadHttpRequestException e) when (!http.Response.HasStarted)
            {
                await WriteErrorAsync(http, new DaprError("ERR_MALFORMED_REQUEST", e.Message, e.StatusCode, global::Grpc.Core.StatusCode.InvalidArgument));
            }
        });
        // Route only now: WebApplication would otherwise match endpoints before the path above is normalised.
        app.UseRouting();
    }

    public static Task WriteErrorAsync(HttpContext http, DaprError error)
    {
        http.Response.StatusCode = error.HttpStatus;
        return http.Response.WriteAsJsonAsync(new DaprErrorBody(error.Code, error.Message), SidecarJson.Default.DaprErrorBody);
    }
}

internal sealed record DaprErrorBody(string ErrorCode, string Message);
