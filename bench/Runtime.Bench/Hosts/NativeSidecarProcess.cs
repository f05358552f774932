using System.Diagnostics;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bench.Hosts;

/// <summary>
/// The NativeAOT sidecar (<c>artifacts/native/golive-runtime</c>, or <c>GOLIVE_NATIVE_SIDECAR</c>) as its own process,
/// the way daprd runs beside an app.
/// </summary>
internal sealed class NativeSidecarProcess : IAsyncDisposable
{
    public const string PublishCommand = "dotnet publish runtime/GoLive.Runtime -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native";

    private readonly Process _process;

    private NativeSidecarProcess(Process process, int httpPort) => (_process, HttpPort) = (process, httpPort);

    public int HttpPort { get; }
    public string HttpEndpoint => $"http://127.0.0.1:{HttpPort}";

    /// <summary>The published binary, or null when it has not been published.</summary>
    public static string? Binary()
    {
        if (Environment.GetEnvironmentVariable("GOLIVE_NATIVE_SIDECAR") is { Length: > 0 } given) return File.Exists(given) ? given : null;
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "artifacts", "native", "golive-runtime");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary><c>golive-runtime sidecar</c> for one app on free ports; the start info and its health URL.</summary>
    public static (ProcessStartInfo Start, string HealthUrl, int HttpPort) StartInfo(string binary, string appId, int? appPort = null)
    {
        var (httpPort, grpcPort) = (FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["sidecar", "--app-id", appId, "--dapr-http-port", $"{httpPort}", "--dapr-grpc-port", $"{grpcPort}",
                     "--log-level", "warn", .. appPort is { } port ? new[] { "--app-port", $"{port}" } : []])
        {
            start.ArgumentList.Add(arg);
        }

        return (start, $"http://127.0.0.1:{httpPort}/v1.0/healthz", httpPort);
    }

    public static async Task<NativeSidecarProcess> StartAsync(string binary, string appId, int appPort, CancellationToken cancellationToken)
    {
        var (start, health, httpPort) = StartInfo(binary, appId, appPort);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sidecar = new NativeSidecarProcess(process, httpPort);
        using var http = new HttpClient();
        var ready = health.Replace("/healthz", "/healthz/outbound");
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100, cancellationToken))
        {
            if (process.HasExited) throw new InvalidOperationException($"the native sidecar exited with {process.ExitCode}");
            try { if ((await http.GetAsync(ready, cancellationToken)).IsSuccessStatusCode) return sidecar; }
            catch (HttpRequestException) { /* not listening yet */ }
        }
        await sidecar.DisposeAsync();
        throw new TimeoutException("the native sidecar did not become ready in 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
