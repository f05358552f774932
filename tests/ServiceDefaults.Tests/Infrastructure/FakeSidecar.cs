using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoLive.ServiceDefaults.Tests.Infrastructure;

/// <summary>A real Kestrel on a loopback port that answers the sidecar's outbound health probe.</summary>
internal sealed class FakeSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeSidecar(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public static async Task<FakeSidecar> StartAsync(int outboundHealthStatus)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();

        var app = builder.Build();
        app.MapGet("/v1.0/healthz/outbound", () => Results.StatusCode(outboundHealthStatus));
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new FakeSidecar(app, addresses.Addresses.Single());
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
