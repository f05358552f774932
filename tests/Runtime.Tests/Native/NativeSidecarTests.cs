using GoLive.Runtime.Sidecar;
using GoLive.Runtime.TestApp;
using GoLive.Runtime.Tests.Polyglot;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Tests.Native;

/// <summary>
/// The NativeAOT sidecar binary (the small standalone one, docs/architecture.md) does what the JIT-compiled runtime does:
/// the official JavaScript SDK over HTTP and gRPC, and the .NET actor SDK with durable reminders across a crash.
/// </summary>
public sealed class NativeSidecarTests : IAsyncLifetime
{
    private readonly string _temp = Directory.CreateTempSubdirectory("golive-native-").FullName;

    [NativeSidecarFact]
    public async Task JavaScript_sdk_saves_state_publishes_and_invokes_through_the_native_sidecar()
    {
        var components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "components"), _temp);
        var appPort = FreePort.Next();
        await using var sidecar = await NativeSidecar.StartAsync("conformance", appPort, components);
        await using var app = ConformanceApp.Build([], b => b.UseSidecar(sidecar.GrpcEndpoint, sidecar.HttpEndpoint, appPort));
        await app.StartAsync();

        await NodeSdkSuite.RunAsync(sidecar.HttpPort, sidecar.GrpcPort, "conformance");
    }

    [NativeSidecarFact]
    public async Task Actors_keep_state_and_their_reminders_fire_after_the_native_sidecar_is_killed_and_started_again()
    {
        var components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "actor-components"), _temp);
        var appPort = FreePort.Next();
        var sidecar = await NativeSidecar.StartAsync("actors", appPort, components);
        await using var app = ActorApp.ActorApp.Build([], new ActorApp.ActorApp.Settings(sidecar.HttpEndpoint, appPort, null, false));
        await app.StartAsync();
        var journal = app.Services.GetRequiredService<ActorApp.ActorJournal>();
        try
        {
            var counter = Counter(sidecar, "native");
            await Eventually.TrueAsync(async () =>
            {
                try { await counter.IncrementAsync(0); return true; }
                catch (Exception) { return false; }   // the sidecar discovers the app's actor types once the app is up
            }, TimeSpan.FromSeconds(30), "the actor app was not reachable through the native sidecar");
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => counter.IncrementAsync(10)));
            Assert.Equal(5, await counter.GetAsync());
            await counter.RegisterReminderAsync("later", 3000, 1000, 2, "kept");

            await sidecar.KillAsync();
            await sidecar.DisposeAsync();
            sidecar = await NativeSidecar.StartAsync("actors", appPort, components);

            await Eventually.Async(() => journal.Count("reminder:native:later:kept") == 2, TimeSpan.FromSeconds(30),
                "the reminder registered before the crash should fire twice after it");
            Assert.Equal(5, await Counter(sidecar, "native").GetAsync());
        }
        finally
        {
            await sidecar.DisposeAsync();
        }
    }

    private static ActorApp.ICounterActor Counter(NativeSidecar sidecar, string id) => Dapr.Actors.Client.ActorProxy.Create<ActorApp.ICounterActor>(
        new Dapr.Actors.ActorId(id), nameof(ActorApp.CounterActor),
        new Dapr.Actors.Client.ActorProxyOptions { HttpEndpoint = sidecar.HttpEndpoint, RequestTimeout = TimeSpan.FromSeconds(30) });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { /* best effort */ }
        return Task.CompletedTask;
    }
}
