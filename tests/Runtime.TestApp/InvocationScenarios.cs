using System.Collections.Concurrent;

namespace GoLive.Runtime.TestApp;

/// <summary>Endpoints that service-invocation tests call through the sidecar.</summary>
internal static class InvocationScenarios
{
    /// <summary>Gates of the slow route, by the id the test chose; static so every app instance in a test process shares them.</summary>
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new(StringComparer.Ordinal);

    public static void MapInvocationScenarios(this IEndpointRouteBuilder app)
    {
        // Echoes what arrived, so a test can see that method, path, query, headers and body went through unchanged.
        app.Map("/echo/{**rest}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            return Results.Ok(new EchoReply(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", headers, body));
        });

        // A status and a header no proxy would invent, to prove both are relayed.
        app.MapGet("/teapot", (HttpResponse response) =>
        {
            response.Headers["x-teapot"] = "short-and-stout";
            return Results.Text("I'm a teapot", "text/plain", statusCode: 418);
        });

        // Writes a first chunk, then waits for the test to release it: shows the proxy streams instead of buffering.
        app.MapGet("/slow/{gate}", async (string gate, HttpResponse response, CancellationToken cancellationToken) =>
        {
            response.ContentType = "text/plain";
            await response.WriteAsync("first;", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            await Gates.GetOrAdd(gate, _ => new TaskCompletionSource()).Task.WaitAsync(cancellationToken);
            await response.WriteAsync("second", cancellationToken);
        });
        app.MapPost("/slow/{gate}/release", (string gate) =>
        {
            Gates.GetOrAdd(gate, _ => new TaskCompletionSource()).TrySetResult();
            return Results.NoContent();
        });

        // For resiliency tests: fail a given number of times per key, fail always, or answer late.
        app.MapGet("/fail-then-ok/{key}/{times:int}", (string key, int times, Inbox inbox) =>
            inbox.Increment(key) <= times ? Results.StatusCode(503) : Results.Ok(inbox.Count(key)));
        app.MapGet("/always-503/{key}", (string key, Inbox inbox) =>
        {
            inbox.Increment(key);
            return Results.StatusCode(503);
        });
        app.MapGet("/late/{milliseconds:int}", async (int milliseconds, CancellationToken cancellationToken) =>
        {
            await Task.Delay(milliseconds, cancellationToken);
            return Results.Ok();
        });
    }
}

public sealed record EchoReply(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
