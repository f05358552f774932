using System.Net;
using System.Net.Sockets;
using GoLive.Runtime.Launcher;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Launcher;

/// <summary>
/// The launcher with real child processes. The app is the already-built conformance app started with <c>dotnet its.dll</c>
/// (never <c>dotnet run</c>, which would build), so each test costs one process start.
/// </summary>
public sealed class MultiAppRunTests : IDisposable
{
    private static readonly string TestAppDll = Path.Combine(AppContext.BaseDirectory, "GoLive.Runtime.TestApp.dll");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("golive-launcher-").FullName;
    private readonly StringWriter _output = new();

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { /* best effort */ }
    }

    private string RunFile(string apps)
    {
        var file = Path.Combine(_root, "dapr.yaml");
        File.WriteAllText(file, "version: 1\napps:\n" + apps);
        return file;
    }

    private MultiAppRunOptions Options => new() { Output = _output, ReadyTimeout = Timeout, StopGracePeriod = TimeSpan.FromSeconds(5) };

    private string Output()
    {
        lock (_output) return _output.ToString();
    }

    [Fact]
    public async Task An_app_process_starts_behind_its_sidecar_and_is_stopped_on_dispose()
    {
        var file = RunFile($"""
              - appID: shop
                appDirPath: .
                appLogDestination: fileAndConsole
                command: ["dotnet", "{TestAppDll}"]
                env:
                  Logging__LogLevel__Default: Information
            """);

        LaunchedApp app;
        await using (var run = await MultiAppRun.StartAsync(file, Options))
        {
            app = Assert.Single(run.Apps);
            Assert.Equal("shop", app.AppId);
            Assert.NotNull(app.AppPort);
            using var sidecar = new HttpClient { BaseAddress = new Uri(app.SidecarHttpEndpoint) };
            Assert.Equal(HttpStatusCode.NoContent, (await sidecar.GetAsync("/v1.0/healthz")).StatusCode);
            using var direct = new HttpClient { BaseAddress = new Uri(app.AppUrl!) };
            Assert.Equal("conformance app", await direct.GetStringAsync("/"));
            // The launcher turned the API token on, as for every run without the operator's own.
            Assert.Equal(HttpStatusCode.Unauthorized, (await sidecar.GetAsync("/v1.0/metadata")).StatusCode);
            sidecar.DefaultRequestHeaders.Add("dapr-api-token", app.Sidecar.Context.Options.ApiToken);
            Assert.Contains("\"id\":\"shop\"", await sidecar.GetStringAsync("/v1.0/metadata"));
            // The console logger writes "info: category" and the message on two lines; each gets the prefix.
            await Eventually.Async(() => Output().Split('\n').Any(line =>
                    line.StartsWith("== APP - shop == ", StringComparison.Ordinal) && line.Contains($"Now listening on: {app.AppUrl}", StringComparison.Ordinal)),
                Timeout, "the app's output reaches the console with its prefix");
        }

        Assert.True(app.Exited!.IsCompleted);
        Assert.False(await IsListeningAsync(app.AppPort!.Value), "the app's port is closed once the run is disposed");
        var log = Assert.Single(Directory.GetFiles(Path.Combine(_root, ".dapr", "logs"), "shop_app_*.log"));
        Assert.Contains("Now listening on", await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task The_app_gets_its_sidecar_address_and_the_run_file_env()
    {
        if (OperatingSystem.IsWindows()) return; // the probe below needs a POSIX shell
        var file = RunFile($$"""
              - appID: probe
                appDirPath: .
                appPort: {{FreePortForTest()}}
                command: ["sh", "-c", "echo \"env $APP_ID $APP_PORT $DAPR_HTTP_PORT $DAPR_GRPC_ENDPOINT $ASPNETCORE_URLS $GREETING\"; exec dotnet \"$0\"", "{{TestAppDll}}"]
                env:
                  GREETING: hello
            """);

        await using var run = await MultiAppRun.StartAsync(file, Options);

        var app = Assert.Single(run.Apps);
        await Eventually.Async(() => Output().Contains("== APP - probe == env probe"), Timeout, "the probe line is printed");
        Assert.Contains($"== APP - probe == env probe {app.AppPort} {app.Sidecar.HttpPort} {app.SidecarGrpcEndpoint} {app.AppUrl} hello", Output());
    }

    [Fact]
    public async Task An_app_that_exits_during_start_up_fails_the_start_with_its_name_and_last_output()
    {
        var file = RunFile("""
              - appID: broken
                appDirPath: .
                command: ["dotnet", "nonexistent.dll"]
            """);

        var error = await Assert.ThrowsAsync<AppStartException>(() => MultiAppRun.StartAsync(file, Options));

        Assert.Equal("broken", error.AppId);
        Assert.Contains("App 'broken' failed to start: it exited with code", error.Message);
        Assert.Contains(error.RecentOutput, line => line.Contains("nonexistent.dll", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_that_cannot_be_started_fails_the_start_with_the_app_name()
    {
        var file = RunFile("""
              - appID: ghost
                appDirPath: .
                command: ["golive-no-such-command"]
            """);

        var error = await Assert.ThrowsAsync<AppStartException>(() => MultiAppRun.StartAsync(file, Options));

        Assert.Equal("ghost", error.AppId);
        Assert.Contains("'golive-no-such-command' could not be started", error.Message);
    }

    [Fact]
    public async Task Apps_without_a_command_get_their_own_sidecar_in_the_shared_host()
    {
        var file = RunFile("""
              - appID: left
                appDirPath: .
              - appID: right
                appDirPath: .
                daprHTTPPort: 0
            """);

        await using var run = await MultiAppRun.StartAsync(file, Options);

        Assert.Equal(["left", "right"], run.Apps.Select(a => a.AppId));
        Assert.All(run.Apps, a => Assert.Null(a.Exited));
        Assert.NotEqual(run.Apps[0].SidecarHttpEndpoint, run.Apps[1].SidecarHttpEndpoint);
        Assert.Same(run.Apps[0].Sidecar.Context.Apps, run.Apps[1].Sidecar.Context.Apps);
    }

    private static int FreePortForTest() => Runtime.Sidecar.FreePort.Next();

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
