using System.Collections.Concurrent;
using GoLive.Webhooks.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoLive.Webhooks.Tests.Infrastructure;

/// <summary>
/// A partner's receiver on a loopback Kestrel port (the C# sample receiver): verifies each webhook with the endpoint's
/// secret, records it, and answers what the test sets (<see cref="Respond"/>).
/// </summary>
internal sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The webhook URL to register (<c>/hook</c>); <c>/elsewhere</c> records redirected requests.</summary>
    public string Url { get; }

    public string BaseUrl => Url[..^"/hook".Length];

    public ConcurrentQueue<Received> Requests { get; } = new();

    public ConcurrentQueue<string> Elsewhere { get; } = new();

    /// <summary>What to answer; default 200.</summary>
    public Func<HttpContext, IResult> Respond { get; set; } = _ => Results.Ok();

    /// <summary>Secret used to check signatures; null skips the check.</summary>
    public string? Secret { get; set; }

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public IEnumerable<Received> Verified => Requests.Where(r => r.SignatureValid);

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestReceiver? receiver = null;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var headers = context.Request.Headers;
            var id = headers[WebhookSigner.IdHeader].ToString();
            var valid = receiver!.Secret is { } secret && WebhookSecret.TryParse(secret, out var key)
                && WebhookSigner.Verify(id, headers[WebhookSigner.TimestampHeader].ToString(), body,
                    headers[WebhookSigner.SignatureHeader].ToString(), key, receiver.Clock.GetUtcNow(), TimeSpan.FromMinutes(5));
            receiver.Requests.Enqueue(new Received(id, headers[WebhookSigner.TimestampHeader].ToString(),
                headers[WebhookSigner.SignatureHeader].ToString(), System.Text.Encoding.UTF8.GetString(body), valid));
            return receiver.Respond(context);
        });
        app.MapPost("/elsewhere", () =>
        {
            receiver!.Elsewhere.Enqueue("hit");
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver = new TestReceiver(app, address + "/hook");
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    internal sealed record Received(string Id, string Timestamp, string Signature, string Body, bool SignatureValid);
}
