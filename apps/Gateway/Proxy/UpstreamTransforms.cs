using System.Globalization;
using GoLive.DaprAccess.Sidecar;
using GoLive.ServiceDefaults;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace GoLive.Gateway.Proxy;

/// <summary>
/// What changes on the way through: the partner's key never reaches an app (the caller's organisation and key prefix do),
/// the correlation id and the sidecar token are added; an upstream error that is not already a problem becomes one.
/// </summary>
internal static class UpstreamTransforms
{
    public const string OrganizationHeader = "X-GoLive-Organization";
    public const string KeyPrefixHeader = "X-GoLive-Key-Prefix";
    public const string FromUpstreamItem = "GoLive.Gateway.FromUpstream";
    private const int RetryAfterSeconds = 5;
    private const int MaxErrorBodyBytes = 16 * 1024;

    public static void Apply(TransformBuilderContext builder, string? daprApiToken)
    {
        builder.AddRequestTransform(context =>
        {
            var headers = context.ProxyRequest.Headers;
            headers.Remove(HeaderNames.Authorization);
            headers.Remove("X-Api-Key");
            headers.Remove(OrganizationHeader);
            headers.Remove(KeyPrefixHeader);
            headers.Remove(SidecarEndpoint.TokenHeader);
            headers.Remove("X-Correlation-Id");
            headers.TryAddWithoutValidation("X-Correlation-Id", context.HttpContext.GetCorrelationId());
            if (context.HttpContext.Features.Get<PartnerCaller>() is { } caller)
            {
                headers.TryAddWithoutValidation(OrganizationHeader, caller.Key.OrganizationId);
                headers.TryAddWithoutValidation(KeyPrefixHeader, caller.Key.Prefix);
            }
            if (daprApiToken is { Length: > 0 }) headers.TryAddWithoutValidation(SidecarEndpoint.TokenHeader, daprApiToken);
            return ValueTask.CompletedTask;
        });
        builder.AddResponseTransform(WrapErrorAsync);
    }

    private static async ValueTask WrapErrorAsync(ResponseTransformContext context)
    {
        if (context.ProxyResponse is not { } upstream) return;
        context.HttpContext.Items[FromUpstreamItem] = true;
        var status = (int)upstream.StatusCode;
        if (status < 400 || upstream.Content.Headers.ContentType?.MediaType == "application/problem+json") return;

        var body = await ReadPrefixAsync(upstream.Content, context.HttpContext.RequestAborted);
        context.SuppressResponseBody = true;
        var response = context.HttpContext.Response;
        response.Headers.ContentLength = null;
        response.Headers.ContentType = default;
        response.Headers.ContentEncoding = default;
        // The sidecar could not reach the app: a temporary unavailability, not the app's answer.
        var sidecarCouldNotInvoke = status == 500 && body.Contains("ERR_DIRECT_INVOKE", StringComparison.Ordinal);
        var problem = (status, sidecarCouldNotInvoke) switch
        {
            (_, true) or (503, _) => Unavailable(response, upstream.Headers.RetryAfter?.Delta),
            (504, _) => Problems.Problem(504, GatewayProblemCodes.UpstreamTimeout, "The service did not answer in time."),
            (>= 500, _) => Problems.Problem(502, GatewayProblemCodes.UpstreamError, "The service failed to answer the request."),
            _ => Problems.Problem(status, CodeFor(status)),
        };
        await problem.ExecuteAsync(context.HttpContext);
    }

    /// <summary>503 with <c>Retry-After</c>: the upstream's own when it gave one, else a few seconds.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unavailable(HttpResponse response, TimeSpan? retryAfter = null)
    {
        var seconds = retryAfter is { } delta ? Math.Max(1, (int)delta.TotalSeconds) : RetryAfterSeconds;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Problem(503, GatewayProblemCodes.UpstreamUnavailable, "The service is temporarily unavailable; retry after Retry-After seconds.");
    }

    private static async Task<string> ReadPrefixAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBodyBytes];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string CodeFor(int status) => status switch
    {
        401 => ProblemCodes.Unauthorized,
        403 => ProblemCodes.Forbidden,
        404 => ProblemCodes.NotFound,
        405 => ProblemCodes.MethodNotAllowed,
        409 => ProblemCodes.Conflict,
        410 => ProblemCodes.Gone,
        412 => ProblemCodes.PreconditionFailed,
        413 => ProblemCodes.PayloadTooLarge,
        415 => ProblemCodes.UnsupportedMediaType,
        422 => ProblemCodes.UnprocessableEntity,
        429 => ProblemCodes.TooManyRequests,
        _ => ProblemCodes.BadRequest,
    };
}
