using Dapr.Client;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.TestApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Tests.Invocation;

/// <summary>A test-local runtime with its own apps: conformance apps under other app ids, each behind its own sidecar.</summary>
internal sealed class LocalApps(ILoggerFactory? loggerFactory = null) : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];
    private readonly List<IDisposable> _clients = [];

    public RuntimeHost Host { get; } = new(loggerFactory);

    /// <summary>Starts a conformance app as <paramref name="appId"/> and waits until its sidecar is ready.</summary>
    public async Task<LocalApp> StartAsync(string appId, string? appApiToken = null, string? configPath = null, string[]? resourcesPaths = null)
    {
        var appPort = FreePort.Next();
        var sidecar = await Host.StartSidecarAsync(new SidecarOptions
        {
            AppId = appId, AppPort = appPort, AppApiToken = appApiToken, ConfigPath = configPath, ResourcesPaths = resourcesPaths ?? [],
        });
        var app = ConformanceApp.Build([], b => b.UseSidecar(sidecar.GrpcEndpoint, sidecar.HttpEndpoint, appPort));
        _apps.Add(app);
        await app.StartAsync();
        await sidecar.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return Track(new LocalApp(sidecar, new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build(),
            new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) }));
    }

    /// <summary>A sidecar whose app port has nobody listening: the app is down.</summary>
    public async Task<LocalApp> StartWithoutAppAsync(string appId)
    {
        var sidecar = await Host.StartSidecarAsync(new SidecarOptions { AppId = appId, AppPort = FreePort.Next(), AppStartTimeout = TimeSpan.FromMinutes(5) });
        return Track(new LocalApp(sidecar, new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build(),
            new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) }));
    }

    private LocalApp Track(LocalApp app)
    {
        _clients.Add(app.Client);
        _clients.Add(app.SidecarHttp);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await Host.DisposeAsync();
        foreach (var app in _apps) await app.DisposeAsync();
    }
}

internal sealed record LocalApp(Sidecar.Sidecar Sidecar, DaprClient Client, HttpClient SidecarHttp);
