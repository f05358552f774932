using Dapr.Client;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.TestApp;
using GoLive.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Tests.PubSub;

/// <summary>Conformance apps whose sidecars use <c>pubsub.redis</c> (redis-pubsub-components), each in a runtime of its own.</summary>
internal sealed class RedisConformanceApps : IAsyncDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("golive-redis-pubsub-").FullName;
    private readonly List<IAsyncDisposable> _owned = [];

    public sealed record Instance(WebApplication App, Sidecar.Sidecar Sidecar, DaprClient Dapr)
    {
        public Inbox Inbox => App.Services.GetRequiredService<Inbox>();
    }

    public async Task<Instance> StartAsync(string appId, RuntimeHost? host = null)
    {
        host ??= Track(new RuntimeHost());
        var components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "redis-pubsub-components"), _temp, TestServers.Placeholders);
        var port = FreePort.Next();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = appId, AppPort = port, ResourcesPaths = [components] });
        var app = ConformanceApp.Build([], b => b.UseSidecar(sidecar.GrpcEndpoint, sidecar.HttpEndpoint, port));
        await app.StartAsync();
        Track(app);
        await sidecar.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        return new Instance(app, sidecar, dapr);
    }

    private T Track<T>(T owned) where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            try { await owned.DisposeAsync(); }
            catch (ObjectDisposedException) { /* already stopped by the test */ }
        }
    }
}
