using System.Collections.Concurrent;
using System.Diagnostics;
using Dapr.Actors.Client;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Load;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;
using GoLive.Workflows;
using GoLive.Workflows.TestApp;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// The workflow engine: instances of a three-activity workflow started by 4 × connections concurrent clients, each timed from its start
/// call to its completion (checkpoints in a SQLite actor store, as with the embedded defaults).
/// </summary>
internal sealed class WorkflowsScenario : IScenario
{
    private const int Instances = 2000;
    private const double TargetPerSecond = 200;

    public string Name => "workflows";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var components = BenchComponents.Create().Add("actorstore", "state.sqlite",
            ("connectionString", Path.Combine(System.IO.Directory.CreateTempSubdirectory("golive-bench-wf-").FullName, "workflows.db")), ("actorStateStore", "true"));
        await using var host = new RuntimeHost();
        var appPort = FreePort.Next();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "workflows", AppPort = appPort, ResourcesPaths = [components.Directory] }, cancellationToken);
        await using var app = WorkflowsTestApp.Build([], new WorkflowsTestApp.Settings(sidecar.HttpEndpoint, appPort, TimeSpan.FromSeconds(30)));
        await app.StartAsync(cancellationToken);
        await sidecar.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        // Clients wait for completion (closed loop), so throughput needs enough of them to keep both cores busy.
        var clients = settings.Connections * 4;
        var finished = new ConcurrentDictionary<string, TaskCompletionSource<WorkflowStatus>>();
        app.Services.GetRequiredService<WorkflowRunner>().Finished += (id, status) => finished.GetOrAdd(id, _ => new()).TrySetResult(status);
        var client = new WorkflowClient(new ActorProxyFactory(new ActorProxyOptions { HttpEndpoint = sidecar.HttpEndpoint }));

        async Task RunAsync(string prefix, int count, LatencyRecorder recorder)
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    var id = $"{prefix}-{i}";
                    var done = finished.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
                    var start = Stopwatch.GetTimestamp();
                    await client.StartAsync(nameof(ThreeEchoes), id, "x");
                    var status = await done.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
                    if (status == WorkflowStatus.Completed) recorder.RecordSince(start); else recorder.RecordError();
                }
            }));
        }

        await RunAsync("warmup", 200, new LatencyRecorder());
        var latency = new LatencyRecorder();
        var clock = Stopwatch.GetTimestamp();
        await RunAsync("measured", Instances, latency);
        var elapsed = Stopwatch.GetElapsedTime(clock);
        var summary = latency.Summarize();
        var perSecond = summary.Count / elapsed.TotalSeconds;
        return [new ResultTable($"Workflows: {Instances:#,0} instances of a three-activity workflow, {settings.Connections * 4} concurrent clients, SQLite actor store",
                "instances", "errors", "instances/s", "p50 ms", "p90 ms", "p99 ms", "max ms")
            .Row(Figures.Count(summary.Count), Figures.Count(summary.Errors), Figures.PerSecond(perSecond), Figures.Ms(summary.P50), Figures.Ms(summary.P90),
                Figures.Ms(summary.P99), Figures.Ms(summary.Max))
            .Note($"Start to completion, five checkpoints per instance (start, three steps, finish). Target ≥ {TargetPerSecond} instances/s on 2 cores — " +
                  $"{Figures.AtLeast(perSecond, TargetPerSecond)}.")];
    }
}
