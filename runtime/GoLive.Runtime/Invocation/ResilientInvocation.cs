using System.Collections.Concurrent;
using GoLive.Runtime.Resiliency;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Http;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GoLive.Runtime.Invocation;

/// <summary>
/// Invocation of an app that has a resiliency target (the caller's <c>targets.apps.&lt;id&gt;</c>): the request body is
/// buffered so attempts can be replayed, each attempt is bounded by the timeout and guarded by the circuit breaker, and
/// failures (transport errors, timeouts, retriable statuses) are retried by the Polly pipeline.
/// </summary>
internal static class ResilientInvocation
{
    private static readonly ConcurrentDictionary<TargetResiliency, ResiliencePipeline<HttpResponseMessage>> Pipelines = new();
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Upgrade", "Proxy-Connection", "Proxy-Authorization",
        "Content-Length", "dapr-api-token", "dapr-caller-app-id", "dapr-callee-app-id",
    };

    private sealed class CircuitOpenException(string message) : Exception(message);

    public static async Task ForwardAsync(HttpContext http, string callerAppId, SidecarContext target, AppChannel channel, PathString method, TargetResiliency policy)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var uri = new Uri(channel.BaseAddress, method.Value!.TrimStart('/') + http.Request.QueryString);
        HttpResponseMessage response;
        try
        {
            response = await Pipelines.GetOrAdd(policy, Build).ExecuteAsync(async ct =>
            {
                if (policy.Breaker is { } breaker && !breaker.TryAcquire())
                    throw new CircuitOpenException($"circuit breaker '{breaker.Policy.Name}' is open");
                try
                {
                    var answer = await channel.Invoker.SendAsync(Request(http, uri, body, callerAppId, target.AppId, channel.AppApiToken), ct);
                    if (policy.Retry?.IsRetriable((int)answer.StatusCode) ?? (int)answer.StatusCode >= 500) policy.Breaker?.OnFailure();
                    else policy.Breaker?.OnSuccess();
                    return answer;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !http.RequestAborted.IsCancellationRequested)
                {
                    policy.Breaker?.OnFailure();
                    throw;
                }
            }, http.RequestAborted);
        }
        catch (Exception e) when (e is CircuitOpenException or TimeoutRejectedException or HttpRequestException)
        {
            throw InvocationErrors.Failed(target.AppId, e is TimeoutRejectedException ? $"timed out after {policy.Timeout}" : e.Message);
        }
        using (response)
        {
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                if (!NotForwarded.Contains(name)) http.Response.Headers[name] = values.ToArray();
            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(TargetResiliency policy)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (policy.Retry is { } retry && retry.MaxRetries != 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = retry.MaxRetries < 0 ? int.MaxValue : retry.MaxRetries,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>().Handle<TimeoutRejectedException>().Handle<CircuitOpenException>()
                    .HandleResult(r => retry.IsRetriable((int)r.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(retry.DelayBefore(args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }
        if (policy.Timeout is { } timeout) builder.AddTimeout(timeout);
        return builder.Build();
    }

    private static HttpRequestMessage Request(HttpContext http, Uri uri, byte[] body, string caller, string callee, string? appToken)
    {
        var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), uri) { Content = new ByteArrayContent(body) };
        foreach (var (name, values) in http.Request.Headers)
        {
            if (NotForwarded.Contains(name)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        request.Headers.TryAddWithoutValidation("dapr-caller-app-id", caller);
        request.Headers.TryAddWithoutValidation("dapr-callee-app-id", callee);
        if (appToken is not null) request.Headers.TryAddWithoutValidation("dapr-api-token", appToken);
        if (!http.Request.Headers.ContainsKey("traceparent")) request.Headers.TryAddWithoutValidation("traceparent", PubSub.CloudEvents.NewTraceParent());
        return request;
    }
}
