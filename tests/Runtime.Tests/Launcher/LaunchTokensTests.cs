using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.TestApp;

namespace GoLive.Runtime.Tests.Launcher;

/// <summary>
/// <c>golive-runtime run</c>, started as a newcomer starts it, turns API tokens on for every app and sidecar: random for each
/// run unless the operator gives them, handed over in the environment only and never printed. The probe app writes what it
/// received to a file (not to its output, which the launcher prints).
/// </summary>
public sealed class LaunchTokensTests : IDisposable
{
    private static readonly string RuntimeDll = Path.Combine(AppContext.BaseDirectory, "golive-runtime.dll");
    private static readonly string TestAppDll = Path.Combine(AppContext.BaseDirectory, "GoLive.Runtime.TestApp.dll");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("golive-tokens-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { /* best effort */ }
    }

    /// <summary>What one run handed to its app, and everything the launcher printed.</summary>
    private sealed record Run(string ApiToken, string AppApiToken, string Output, HttpStatusCode WithoutToken, string WithoutTokenBody,
        HttpStatusCode WithToken, string? TokenTheAppGot);

    private async Task<Run> LaunchAsync(IReadOnlyDictionary<string, string>? operatorEnvironment = null, string appEnv = "")
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N")[..8])).FullName;
        var sidecarPort = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(folder, "dapr.yaml"), $$"""
            version: 1
            apps:
              - appID: probe
                appDirPath: .
                daprHTTPPort: {{sidecarPort}}
                command: ["sh", "-c", "printf '%s\n%s\n' \"$DAPR_API_TOKEN\" \"$APP_API_TOKEN\" > tokens.txt; exec dotnet \"$0\"", "{{TestAppDll}}"]
            {{appEnv}}
            """);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in new[] { RuntimeDll, "run", "--log-level", "debug" }) info.ArgumentList.Add(argument);
        info.Environment.Remove("DAPR_API_TOKEN");
        info.Environment.Remove("APP_API_TOKEN");
        foreach (var (name, value) in operatorEnvironment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        using var runtime = Process.Start(info)!;
        var output = new StringWriter();
        runtime.OutputDataReceived += (_, e) => { lock (output) output.WriteLine(e.Data); };
        runtime.ErrorDataReceived += (_, e) => { lock (output) output.WriteLine(e.Data); };
        runtime.BeginOutputReadLine();
        runtime.BeginErrorReadLine();
        string Output() { lock (output) return output.ToString(); }
        Run run;
        try
        {
            await Eventually.Async(() => Output().Contains("All apps are up"), Timeout, "the launcher reports every app up");
            var tokens = await File.ReadAllLinesAsync(Path.Combine(folder, "tokens.txt"));
            using var sidecar = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sidecarPort}") };
            using var withoutToken = await sidecar.GetAsync("/v1.0/metadata");
            var withoutTokenBody = await withoutToken.Content.ReadAsStringAsync();
            sidecar.DefaultRequestHeaders.Add("dapr-api-token", tokens[0]);
            using var withToken = await sidecar.GetAsync("/v1.0/metadata");
            // What the app gets on a call through its sidecar: the sidecar's token is replaced by the app's.
            var echo = await sidecar.GetFromJsonAsync<EchoReply>("/v1.0/invoke/probe/method/echo/token");
            run = new Run(tokens[0], tokens[1], "", withoutToken.StatusCode, withoutTokenBody, withToken.StatusCode,
                echo?.Headers.GetValueOrDefault("dapr-api-token"));
        }
        finally
        {
            runtime.Kill(entireProcessTree: true);
            await runtime.WaitForExitAsync();
        }
        return run with { Output = Output() };
    }

    [Fact]
    public async Task Every_run_gives_its_apps_and_sidecars_new_random_tokens_and_prints_neither()
    {
        if (!OperatingSystem.IsLinux()) return; // the probe needs a POSIX shell

        var first = await LaunchAsync();
        var second = await LaunchAsync();

        foreach (var run in new[] { first, second })
        {
            Assert.Matches("^[A-Za-z0-9_-]{43}$", run.ApiToken); // 32 random bytes, base64url
            Assert.Matches("^[A-Za-z0-9_-]{43}$", run.AppApiToken);
            Assert.NotEqual(run.ApiToken, run.AppApiToken);
            Assert.Equal(HttpStatusCode.Unauthorized, run.WithoutToken);
            Assert.Contains("ERR_API_UNAUTHORIZED", run.WithoutTokenBody);
            Assert.Equal(HttpStatusCode.OK, run.WithToken);
            Assert.Equal(run.AppApiToken, run.TokenTheAppGot);
            Assert.Contains("All apps are up", run.Output);
            Assert.DoesNotContain(run.ApiToken, run.Output);
            Assert.DoesNotContain(run.AppApiToken, run.Output);
        }
        Assert.NotEqual(first.ApiToken, second.ApiToken);
        Assert.NotEqual(first.AppApiToken, second.AppApiToken);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Tokens_the_operator_gives_in_the_environment_or_the_run_file_are_used_as_they_are(bool inRunFile)
    {
        if (!OperatingSystem.IsLinux()) return;
        const string api = "operator-dapr-token-0123456789", app = "operator-app-token-0123456789";

        var run = inRunFile
            ? await LaunchAsync(appEnv: $"    env:\n      DAPR_API_TOKEN: {api}\n      APP_API_TOKEN: {app}\n")
            : await LaunchAsync(new Dictionary<string, string> { ["DAPR_API_TOKEN"] = api, ["APP_API_TOKEN"] = app });

        Assert.Equal((api, app), (run.ApiToken, run.AppApiToken));
        Assert.Equal(HttpStatusCode.Unauthorized, run.WithoutToken);
        Assert.Equal(HttpStatusCode.OK, run.WithToken);
        Assert.Equal(app, run.TokenTheAppGot);
        Assert.DoesNotContain(api, run.Output);
        Assert.DoesNotContain(app, run.Output);
    }
}
