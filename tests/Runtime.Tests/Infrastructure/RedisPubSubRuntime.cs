using Dapr.Client;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.TestApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Tests.Infrastructure;

/// <summary>What a pub/sub conformance test talks to: the conformance app behind a sidecar with one kind of broker.</summary>
public sealed record ConformanceTarget(DaprClient Client, Inbox Inbox, HttpClient SidecarHttp);

/// <summary>
/// The conformance app with the same components as <see cref="RuntimeFixture"/> except that <c>pubsub</c> is
/// <c>pubsub.redis</c> on the test Redis. Started on first use, so runs without Redis never touch it.
/// </summary>
public sealed class RedisPubSubRuntime : IAsyncDisposable
{
    private readonly Lazy<Task<ConformanceTarget>> _target;
    private readonly string _temp = Directory.CreateTempSubdirectory("golive-redis-conformance-").FullName;
    private readonly RuntimeHost _host = new();
    private WebApplication? _app;

    public RedisPubSubRuntime() => _target = new(StartAsync);

    public Task<ConformanceTarget> GetAsync() => _target.Value;

    private async Task<ConformanceTarget> StartAsync()
    {
        var components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "components"), _temp);
        File.Delete(Path.Combine(components, "pubsub-inmemory.yaml"));
        File.WriteAllText(Path.Combine(components, "pubsub-redis.yaml"), $"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: pubsub
            spec:
              type: pubsub.redis
              version: v1
              metadata:
                - name: redisHost
                  value: "{TestServers.Redis}"
                - name: processingTimeout
                  value: 2s
                - name: redeliverInterval
                  value: 500ms
            """);
        var appPort = FreePort.Next();
        var sidecar = await _host.StartSidecarAsync(new SidecarOptions { AppId = RuntimeFixture.AppId, AppPort = appPort, ResourcesPaths = [components] });
        _app = ConformanceApp.Build([], b => b.UseSidecar(sidecar.GrpcEndpoint, sidecar.HttpEndpoint, appPort));
        await _app.StartAsync();
        await sidecar.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new ConformanceTarget(
            new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build(),
            _app.Services.GetRequiredService<Inbox>(), new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) });
    }

    public async ValueTask DisposeAsync()
    {
        if (_target.IsValueCreated && _target.Value.IsCompletedSuccessfully)
        {
            var target = await _target.Value;
            target.Client.Dispose();
            target.SidecarHttp.Dispose();
        }
        await _host.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
