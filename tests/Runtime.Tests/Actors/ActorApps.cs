using Dapr.Actors;
using Dapr.Actors.Client;
using GoLive.Runtime.ActorApp;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Tests.Actors;

/// <summary>Instances of the actor app behind their sidecars, with a SQLite actor store that outlives a runtime restart.</summary>
internal sealed class ActorApps : IAsyncDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("golive-actors-").FullName;
    private readonly List<WebApplication> _apps = [];
    private readonly string _components;

    /// <param name="extraYaml">More resource YAML for the sidecars (e.g. a Resiliency document).</param>
    public ActorApps(string? extraYaml = null)
    {
        _components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "actor-components"), _temp);
        if (extraYaml is not null) File.WriteAllText(Path.Combine(_components, "extra.yaml"), extraYaml);
    }

    public RuntimeHost Host { get; private set; } = new();

    public sealed record Instance(WebApplication App, Sidecar.Sidecar Sidecar)
    {
        public ActorJournal Journal => App.Services.GetRequiredService<ActorJournal>();

        public ICounterActor Counter(string id) => ActorProxy.Create<ICounterActor>(new ActorId(id), nameof(CounterActor),
            new ActorProxyOptions { HttpEndpoint = Sidecar.HttpEndpoint, RequestTimeout = TimeSpan.FromSeconds(30) });

        public HttpClient SidecarHttp() => new() { BaseAddress = new Uri(Sidecar.HttpEndpoint) };
    }

    /// <summary>The sidecars' resource folder (the actor store).</summary>
    public string ComponentsPath => _components;

    /// <param name="configPath">A Configuration file for the app's sidecar (access control).</param>
    public async Task<Instance> StartAsync(string appId = "actors", TimeSpan? idleTimeout = null, bool reentrancy = false, string? configPath = null)
    {
        var port = FreePort.Next();
        var sidecar = await Host.StartSidecarAsync(new SidecarOptions { AppId = appId, AppPort = port, ResourcesPaths = [_components], ConfigPath = configPath });
        var app = ActorApp.ActorApp.Build([], new ActorApp.ActorApp.Settings(sidecar.HttpEndpoint, port, idleTimeout, reentrancy));
        _apps.Add(app);
        await app.StartAsync();
        await sidecar.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new Instance(app, sidecar);
    }

    /// <summary>Stops every app and the whole runtime, then starts a fresh runtime over the same store.</summary>
    public async Task RestartRuntimeAsync()
    {
        await Host.DisposeAsync();
        foreach (var app in _apps) await app.DisposeAsync();
        _apps.Clear();
        Host = new RuntimeHost();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        foreach (var app in _apps) await app.DisposeAsync();
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
