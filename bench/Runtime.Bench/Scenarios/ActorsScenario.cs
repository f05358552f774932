using System.Diagnostics;
using GoLive.Runtime.ActorApp;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Load;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// Actors on the .NET actor SDK's app side: method calls at 500/s open loop — direct to the app (baseline), through the
/// sidecar to warm actors, and through the sidecar to a new actor per call (activation, daprd's published case) — then
/// durable reminders: how fast they are registered and fired.
/// </summary>
internal sealed class ActorsScenario : IScenario
{
    private const int Rate = 500, WarmIds = 256, Reminders = 2000;
    private const double DaprdActivationP50 = 2.30, DaprdActivationP99 = 6.89;

    public string Name => "actors";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var components = BenchComponents.Create().Add("actorstore", "state.sqlite",
            ("connectionString", Path.Combine(System.IO.Directory.CreateTempSubdirectory("golive-bench-actors-").FullName, "actors.db")), ("actorStateStore", "true"));
        await using var host = new RuntimeHost();
        var appPort = FreePort.Next();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "actors", AppPort = appPort, ResourcesPaths = [components.Directory] }, cancellationToken);
        await using var app = ActorApp.ActorApp.Build([], new ActorApp.ActorApp.Settings(sidecar.HttpEndpoint, appPort));
        await app.StartAsync(cancellationToken);
        await sidecar.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        using var direct = LoadClient.Create($"http://127.0.0.1:{appPort}", settings.Connections);
        using var viaRuntime = LoadClient.Create(sidecar.HttpEndpoint, settings.Connections);
        var fresh = 0L;
        Series Calls(string name, HttpClient client, string prefix, Func<string> id) => new(name, (length, recorder, ct) =>
            OpenLoop.RunAsync((_, c) => PingAsync(client, $"{prefix}actors/CounterActor/{id()}/method/PingAsync", c), Rate, settings.Connections, length, recorder, record: true, ct));
        var baseline = Calls("direct to the app (baseline)", direct, "", () => $"warm-{Random.Shared.Next(WarmIds)}");
        var warm = Calls("through the runtime, warm actors", viaRuntime, "v1.0/", () => $"warm-{Random.Shared.Next(WarmIds)}");
        var activating = Calls("through the runtime, new actor per call", viaRuntime, "v1.0/", () => $"new-{Interlocked.Increment(ref fresh)}");
        await Interleaved.RunAsync([baseline, warm, activating], settings.Warmup, settings.Duration, settings.Slice, cancellationToken);

        var (b, w, a) = (baseline.Latency.Summarize(), warm.Latency.Summarize(), activating.Latency.Summarize());
        var calls = new ResultTable($"Actor method calls: {Rate} calls/s open loop, {settings.Connections} connections, .NET actor SDK app",
                "path", "calls", "errors", "calls/s", "p50 ms", "p90 ms", "p99 ms", "max ms")
            .Row(InvokeScenario.LatencyRow(baseline, b))
            .Row(InvokeScenario.LatencyRow(warm, w))
            .Row(InvokeScenario.LatencyRow(activating, a))
            .Row("added by the runtime (warm)", "", "", "", Figures.SignedMs(w.P50 - b.P50), Figures.SignedMs(w.P90 - b.P90), Figures.SignedMs(w.P99 - b.P99), "")
            .Note($"daprd's published actor activation at 500 QPS: p50 {DaprdActivationP50} ms, p99 {DaprdActivationP99} ms. Here, a new actor per call: " +
                  $"p50 {Figures.Ms(a.P50)} ms — {Figures.AtMost(a.P50, DaprdActivationP50)}; p99 {Figures.Ms(a.P99)} ms — {Figures.AtMost(a.P99, DaprdActivationP99)}.");

        var reminders = await RemindersAsync(sidecar, app.Services.GetRequiredService<ActorJournal>(), cancellationToken);
        return [calls, reminders];
    }

    private static async Task PingAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.PutAsync(path, new ByteArrayContent([]), cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Registers reminders due at once on distinct actors (32 at a time) and waits for every one to fire.</summary>
    private static async Task<ResultTable> RemindersAsync(Sidecar.Sidecar sidecar, ActorJournal journal, CancellationToken cancellationToken)
    {
        using var http = LoadClient.Create(sidecar.HttpEndpoint, 32);
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, Reminders), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                // The .NET SDK's own form of a zero due time: its app side parses only the forms it sends.
                using var body = new StringContent("""{"dueTime":"0h0m0s0ms","period":"","data":"Ym9uZw=="}""");
                using var response = await http.PutAsync($"v1.0/actors/CounterActor/reminded-{i}/reminders/ring", body, ct);
                response.EnsureSuccessStatusCode();
            });
        var registered = Stopwatch.GetElapsedTime(start);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        while (journal.Events.Count(e => e.StartsWith("reminder:reminded-", StringComparison.Ordinal)) < Reminders)
            await Task.Delay(10, deadline.Token);
        var fired = Stopwatch.GetElapsedTime(start);
        return new ResultTable($"Durable reminders: {Reminders:#,0} one-shot reminders on distinct actors, SQLite actor store", "measure", "value")
            .Row("registrations/s (32 concurrent)", Figures.PerSecond(Reminders / registered.TotalSeconds))
            .Row("fires/s (from the first registration to the last fire)", Figures.PerSecond(Reminders / fired.TotalSeconds))
            .Note("Each fire calls the actor's ReceiveReminderAsync through the SDK, then deletes the reminder from the store.");
    }
}
