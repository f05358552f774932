using Dapr.Actors.Client;
using GoLive.Runtime.Sidecar;
using GoLive.Workflows.TestApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Workflows.Tests;

/// <summary>The workflow test app in-process behind a local sidecar with a SQLite actor store.</summary>
internal sealed class WorkflowApps : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    public WorkflowApps() => Components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "components"), Temp);

    public string Temp { get; } = Directory.CreateTempSubdirectory("golive-workflows-").FullName;
    public string Components { get; }
    public RuntimeHost Host { get; } = new();

    public sealed record Instance(WebApplication App, Sidecar Sidecar)
    {
        public ActivityLedger Ledger => App.Services.GetRequiredService<ActivityLedger>();

        /// <summary>A client as another app would hold it: actor proxies through this app's sidecar.</summary>
        public WorkflowClient Client { get; } = new(new ActorProxyFactory(new ActorProxyOptions { HttpEndpoint = Sidecar.HttpEndpoint }));
    }

    public async Task<Instance> StartAsync(string appId = "workflows")
    {
        var port = FreePort.Next();
        var sidecar = await Host.StartSidecarAsync(new SidecarOptions { AppId = appId, AppPort = port, ResourcesPaths = [Components] });
        var app = WorkflowsTestApp.Build([], new WorkflowsTestApp.Settings(sidecar.HttpEndpoint, port, TimeSpan.FromSeconds(1)));
        _apps.Add(app);
        await app.StartAsync();
        await sidecar.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new Instance(app, sidecar);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var app in _apps) await app.DisposeAsync();
        try { Directory.Delete(Temp, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
