using Dapr.Actors.Client;
using GoLive.Runtime.Sidecar;

namespace GoLive.Workflows.Tests;

/// <summary>
/// Killing the workflow app (SIGKILL, mid-step) or its sidecar (SIGKILL, as a step's checkpoint is due) loses nothing:
/// the instance resumes and completes, completed steps are not run again, and only the step that was cut short runs twice
/// (with the same idempotency key).
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class CrashTests : IAsyncLifetime
{
    private const int Steps = 5;
    private readonly string _temp = Directory.CreateTempSubdirectory("golive-crash-").FullName;
    private string _components = "";
    private string Ledger => Path.Combine(_temp, "ledger.txt");

    public Task InitializeAsync()
    {
        _components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "components"), _temp);
        File.WriteAllText(Ledger, "");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { /* best effort */ }
        return Task.CompletedTask;
    }

    private string[] LedgerLines() => File.ReadAllLines(Ledger);

    private int Count(string line) => LedgerLines().Count(l => l == line);

    private ProcessUnderTest StartApp(int appPort, int sidecarHttpPort) => ProcessUnderTest.Start(
        ProcessUnderTest.Dll("tests/Workflows.TestApp", "GoLive.Workflows.TestApp"), [],
        new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{appPort}",
            ["DAPR_HTTP_ENDPOINT"] = $"http://127.0.0.1:{sidecarHttpPort}",
            ["LEDGER_FILE"] = Ledger,
            ["Workflows__ResumeInterval"] = "00:00:01",
        });

    private ProcessUnderTest StartSidecar(int appPort, int httpPort, int grpcPort) => ProcessUnderTest.Start(
        ProcessUnderTest.Dll("runtime/GoLive.Runtime", "golive-runtime"),
        ["sidecar", "--app-id", "workflows", "--app-port", $"{appPort}", "--dapr-http-port", $"{httpPort}", "--dapr-grpc-port", $"{grpcPort}",
         "--resources-path", _components, "--log-level", "warn"], new Dictionary<string, string>());

    private static WorkflowClient ClientOf(int sidecarHttpPort) =>
        new(new ActorProxyFactory(new ActorProxyOptions { HttpEndpoint = $"http://127.0.0.1:{sidecarHttpPort}" }));

    private async Task<WorkflowState> CompletedAsync(WorkflowClient client, string id)
    {
        WorkflowState? state = null;
        await Eventually.TrueAsync(async () =>
        {
            try { state = await client.GetAsync(id); }
            catch (Exception e) when (e is not OperationCanceledException) { return false; }
            return state is { IsFinished: true };
        }, TimeSpan.FromSeconds(60), $"{id} did not finish; ledger: {string.Join(", ", LedgerLines())}");
        Assert.Equal(WorkflowStatus.Completed, state!.Status);
        return state;
    }

    [Fact]
    public async Task Killing_the_app_in_the_middle_of_a_step_repeats_only_that_step()
    {
        await using var host = new RuntimeHost();
        var appPort = FreePort.Next();
        var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = "workflows", AppPort = appPort, ResourcesPaths = [_components], AppStartTimeout = TimeSpan.FromMinutes(2) });
        var app = StartApp(appPort, sidecar.HttpPort);
        await sidecar.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var client = ClientOf(sidecar.HttpPort);

        await client.StartAsync("SlowSteps", "app-crash", Steps);
        await Eventually.Async(() => Count("begin:app-crash:2") == 1, TimeSpan.FromSeconds(30), "step 2 did not start");
        await app.KillAsync();
        await using var restarted = StartApp(appPort, sidecar.HttpPort);

        var state = await CompletedAsync(client, "app-crash");
        Assert.Equal(Steps, state.Steps.Count);
        Assert.Equal(2, Count("begin:app-crash:2")); // cut short, so run again
        foreach (var seq in Enumerable.Range(0, Steps))
            Assert.Equal(1, Count($"end:app-crash:{seq}"));
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Killing_the_sidecar_when_a_checkpoint_is_due_loses_no_step_and_repeats_none_that_was_recorded()
    {
        var (appPort, httpPort, grpcPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var sidecar = StartSidecar(appPort, httpPort, grpcPort);
        await using var app = StartApp(appPort, httpPort);
        var client = ClientOf(httpPort);
        await Eventually.TrueAsync(async () =>
        {
            try { await client.StartAsync("SlowSteps", "sidecar-crash", Steps); return true; }
            catch (Exception e) when (e is not OperationCanceledException) { return false; }
        }, TimeSpan.FromSeconds(60), "the sidecar did not come up");

        await Eventually.Async(() => Count("end:sidecar-crash:1") == 1, TimeSpan.FromSeconds(30), "step 1 did not end");
        await sidecar.KillAsync();
        await using var restarted = StartSidecar(appPort, httpPort, grpcPort);

        var state = await CompletedAsync(client, "sidecar-crash");
        Assert.Equal(Steps, state.Steps.Count);
        // Step 1's checkpoint either failed with the sidecar (step 1 runs again) or landed, and then step 2 ran with no
        // sidecar to record it (step 2 runs again). Either way exactly one step repeats, with its idempotency key.
        var ends = Enumerable.Range(0, Steps).Select(seq => Count($"end:sidecar-crash:{seq}")).ToArray();
        Assert.All(ends, n => Assert.InRange(n, 1, 2));
        Assert.InRange(ends.Sum(), Steps, Steps + 1);
        Assert.Equal(1, ends[0]);
        await sidecar.DisposeAsync();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "crash";
}
