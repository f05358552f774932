using System.Collections.Concurrent;

namespace GoLive.Gateway.Upstream;

/// <summary>The upstream of the gateway tests: plain ASP.NET Core (no ServiceDefaults), so its errors are raw like any foreign app's.</summary>
public sealed class UpstreamApp
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<UpstreamLog>();
        var app = builder.Build();

        app.MapGet("/v1/hello", () => TypedResults.Ok(new { message = "hello" }));

        // Echoes the headers the gateway forwarded, so tests can see what an app receives.
        app.MapGet("/v1/echo", (HttpRequest request, UpstreamLog log) =>
        {
            log.CorrelationIds.Add(request.Headers["X-Correlation-Id"].ToString());
            return TypedResults.Ok(new
            {
                correlationId = request.Headers["X-Correlation-Id"].ToString(),
                authorization = request.Headers.Authorization.ToString(),
                organization = request.Headers["X-GoLive-Organization"].ToString(),
                keyPrefix = request.Headers["X-GoLive-Key-Prefix"].ToString(),
                path = request.Path.Value,
                query = request.QueryString.Value,
            });
        });

        // An unsafe operation that counts executions; ?delayMs= keeps it running.
        app.MapPost("/v1/orders", async (HttpRequest request, UpstreamLog log, int? delayMs) =>
        {
            Interlocked.Increment(ref log.OrdersStarted);
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            if (delayMs is > 0) await Task.Delay(delayMs.Value);
            var number = Interlocked.Increment(ref log.OrdersCreated);
            return TypedResults.Created($"/v1/orders/{number}", new { id = number, received = body });
        });

        app.MapGet("/v1/fail", () => Results.Text("database exploded at line 42\n   at Secret.Stack.Trace()", statusCode: 500));
        app.MapGet("/v1/unavailable", () => Results.Text("maintenance", statusCode: 503));
        app.MapGet("/v1/missing", () => Results.NotFound());
        app.MapGet("/v1/problem", () => Results.Problem(statusCode: 409, title: "Already there", extensions: new Dictionary<string, object?> { ["code"] = "order_exists" }));

        app.MapGet("/openapi/v1.json", () => Results.Text("""
            {"openapi":"3.1.1","info":{"title":"upstream","version":"1"},
             "paths":{"/v1/hello":{"get":{"operationId":"hello","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Hello"}}}}}}},
                      "/internal/secret":{"get":{"responses":{"200":{"description":"ok"}}}}},
             "components":{"schemas":{"Hello":{"type":"object","properties":{"message":{"type":"string"}}}}}}
            """, "application/json"));

        app.Run();
    }
}


/// <summary>What the upstream saw, for assertions.</summary>
public sealed class UpstreamLog
{
    public int OrdersStarted;
    public int OrdersCreated;
    public ConcurrentBag<string> CorrelationIds { get; } = [];
}

