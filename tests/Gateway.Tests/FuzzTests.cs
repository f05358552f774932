using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace GoLive.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class FuzzTests(GatewayPlatform platform)
{
    private const int Requests = 10_000;
    private static readonly string[] Prefixes = ["/v1/up/", "/v1/orders", "/v1/orders/", "/admin/keys", "/admin/keys/", "/openapi/", "/v1/", "/", "/v1/up/echo"];
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];
    private static readonly string[] Bodies =
    [
        "{", "}", "[]", "null", "\"text\"", "{\"name\":", "{\"name\":5,\"scopes\":\"status:read\",\"organizationId\":[]}",
        "{\"name\":\"x\",\"organizationId\":\"o\",\"scopes\":[1,2],\"rateLimit\":{\"limit\":\"many\"}}",
        "{\"name\":\"x\",\"organizationId\":\"o\",\"scopes\":[\"status:read\"],\"expiresAt\":\"yesterday\"}",
        "{\"overlapSeconds\":-5}", "{\"overlapSeconds\":\"soon\"}", "\u0000\u0001\u0002", "<xml/>", "{\"a\":" + new string('[', 300),
    ];

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_no_5xx()
    {
        var (key, id) = await platform.CreateKeyAsync(["status:read", "webhooks:manage"]);
        var random = new Random(20261123);
        var requests = Enumerable.Range(0, Requests).Select(i => Build(random, key, id)).ToList();
        var failures = new ConcurrentBag<string>();
        using var client = new HttpClient { BaseAddress = platform.Gateway.App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, ct) =>
        {
            using var response = await client.SendAsync(request, ct);
            if ((int)response.StatusCode >= 500)
                failures.Add($"{request.Method} {request.RequestUri} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
    }

    private static HttpRequestMessage Build(Random random, string key, string id)
    {
        var path = Prefixes[random.Next(Prefixes.Length)] + RandomPath(random, id);
        var request = new HttpRequestMessage(new HttpMethod(Methods[random.Next(Methods.Length)]), path);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && random.Next(3) > 0)
        {
            request.Content = new StringContent(Bodies[random.Next(Bodies.Length)], Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(random.Next(4) switch { 0 => "text/plain", 1 => "application/xml", _ => "application/json" });
        }
        switch (random.Next(6))
        {
            case 0: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key); break;
            case 1: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key[..^1] + "!"); break;
            case 2: request.Headers.TryAddWithoutValidation("Authorization", RandomAscii(random, random.Next(0, 200))); break;
            case 3: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + (random.Next(2) == 0 ? GatewayPlatform.Operator.Key : "glo_" + RandomAscii(random, 20))); break;
            case 4: request.Headers.TryAddWithoutValidation("X-Api-Key", key); break;
        }
        if (random.Next(8) == 0) request.Headers.TryAddWithoutValidation("X-Huge", new string('h', random.Next(1_000, 40_000)));
        if (random.Next(5) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", RandomAscii(random, random.Next(0, 300)));
        if (random.Next(5) == 0) request.Headers.TryAddWithoutValidation("X-Correlation-Id", RandomAscii(random, random.Next(0, 300)));
        return request;
    }

    private static string RandomPath(Random random, string id) => random.Next(7) switch
    {
        0 => "",
        1 => id + (random.Next(2) == 0 ? "/rotate" : "/revoke"),
        2 => "%2e%2e/%2e%2e/" + RandomAscii(random, 5),
        3 => "..%2F..%2F" + RandomAscii(random, 5),
        4 => Uri.EscapeDataString(RandomAscii(random, random.Next(1, 50))),
        5 => "hello?x=" + Uri.EscapeDataString(RandomAscii(random, 30)),
        _ => string.Join('/', Enumerable.Range(0, random.Next(1, 20)).Select(_ => "seg" + random.Next(100))),
    };

    private static string RandomAscii(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)random.Next(0x20, 0x7F);
        return new string(chars);
    }
}
