using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Serilog.Context;

namespace GoLive.ServiceDefaults;

/// <summary>
/// Gives every request one correlation id: the caller's <c>X-Correlation-Id</c> when it is sane, else the
/// W3C trace id (or a new Guid). It is echoed on the response, logged as <c>CorrelationId</c> and tagged on the trace.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Correlation-Id";
    private const string ActivityKey = "correlation.id";
    private const int MaxLength = 128;

    private static readonly SearchValues<char> AllowedChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-:");

    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = Accept(context.Request.Headers[HeaderName]) ?? Generate(Activity.Current);
        context.Features.Set(new CorrelationIdFeature(correlationId));
        Activity.Current?.SetTag(ActivityKey, correlationId).SetBaggage(ActivityKey, correlationId);

        // Set when the response starts: an exception handler clears headers added earlier.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = correlationId;
            return Task.CompletedTask;
        });

        using (LogContext.PushProperty("CorrelationId", correlationId))
        {
            await next(context);
        }
    }

    private static string? Accept(StringValues values) =>
        values is [{ Length: > 0 and <= MaxLength } value] && !value.AsSpan().ContainsAnyExcept(AllowedChars)
            ? value
            : null;

    private static string Generate(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C }
            ? activity.TraceId.ToHexString()
            : Guid.NewGuid().ToString("N");
}

internal sealed record CorrelationIdFeature(string Value);
