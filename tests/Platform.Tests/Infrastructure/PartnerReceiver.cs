using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoLive.Platform.Tests.Infrastructure;

/// <summary>
/// A partner's webhook receiver on a loopback port. It checks signatures from the Standard Webhooks specification
/// alone (HMAC-SHA256 of <c>id.timestamp.body</c> under the base64 key after <c>whsec_</c>), not with Webhooks' own
/// signer, and answers 200 while <see cref="Up"/>, else 503. Of the 5-minute timestamp window it checks only that a
/// timestamp is not ahead of its clock: the tests move business time by minutes per real second, so a request in flight
/// may age past the window's other end (tests/Webhooks.Tests/NodeVerifierTests checks the whole window).
/// </summary>
internal sealed class PartnerReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly WebApplication _app;

    private PartnerReceiver(WebApplication app, TimeProvider clock)
    {
        _app = app;
        Clock = clock;
    }

    public string Url { get; private set; } = "";

    /// <summary>The endpoint's <c>whsec_</c> secret, set once the endpoint is registered.</summary>
    public string? Secret { get; set; }

    public bool Up { get; set; } = true;

    public TimeProvider Clock { get; }

    /// <summary>Every request, in arrival order, with its verdict and the status answered.</summary>
    public ConcurrentQueue<Delivery> Requests { get; } = new();

    /// <summary>Deliveries answered 2xx: what the partner actually processed.</summary>
    public IReadOnlyList<Delivery> Accepted => [.. Requests.Where(r => r.Answered == StatusCodes.Status200OK)];

    public static async Task<PartnerReceiver> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new PartnerReceiver(app, clock);
        app.MapPost("/hook", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/hook";
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        var id = headers["webhook-id"].ToString();
        var timestamp = headers["webhook-timestamp"].ToString();
        var valid = Verify(id, timestamp, body, headers["webhook-signature"].ToString());
        var answered = Up ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        Requests.Enqueue(new Delivery(id, timestamp, headers["webhook-signature"].ToString(), body, valid, answered));
        context.Response.StatusCode = answered;
    }

    private bool Verify(string id, string timestamp, string body, string signatures)
    {
        if (Secret is not { } secret || !secret.StartsWith("whsec_", StringComparison.Ordinal) || !long.TryParse(timestamp, out var seconds)
            || DateTimeOffset.FromUnixTimeSeconds(seconds) > Clock.GetUtcNow() + Tolerance)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>One webhook request: its headers, body, whether the signature held, and what was answered.</summary>
    internal sealed record Delivery(string Id, string Timestamp, string Signature, string Body, bool SignatureValid, int Answered)
    {
        public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

        public string? Type => Json.GetProperty("type").GetString();
    }
}
