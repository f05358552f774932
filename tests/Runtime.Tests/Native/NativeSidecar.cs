using System.Diagnostics;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Tests.Native;

/// <summary>
/// The NativeAOT-published sidecar (`golive-runtime sidecar`, one process like daprd), started for one test. Where the
/// binary is: <c>GOLIVE_NATIVE_SIDECAR</c>, else <c>artifacts/native/golive-runtime</c>, which .ci/run publishes.
/// </summary>
internal sealed class NativeSidecar : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private bool _disposed;

    private NativeSidecar(Process process, int httpPort, int grpcPort)
    {
        _process = process;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        _output = ReadAllAsync(process);
    }

    private static async Task<string> ReadAllAsync(Process process)
    {
        var (output, errors) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        return $"{await output}\n{await errors}";
    }

    public int HttpPort { get; }
    public int GrpcPort { get; }
    public string HttpEndpoint => $"http://127.0.0.1:{HttpPort}";
    public string GrpcEndpoint => $"http://127.0.0.1:{GrpcPort}";

    public static string? Binary
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("GOLIVE_NATIVE_SIDECAR")
                       ?? Path.Combine(RequiredTools.RepositoryRoot, "artifacts", "native", "golive-runtime");
            return File.Exists(path) ? path : null;
        }
    }

    public static async Task<NativeSidecar> StartAsync(string appId, int? appPort, string resourcesPath)
    {
        var (httpPort, grpcPort) = (FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo(Binary ?? throw new InvalidOperationException("no native sidecar binary"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["sidecar", "--app-id", appId, "--dapr-http-port", $"{httpPort}", "--dapr-grpc-port", $"{grpcPort}",
                     "--resources-path", resourcesPath, .. appPort is { } port ? new[] { "--app-port", $"{port}" } : []])
        {
            start.ArgumentList.Add(arg);
        }

        var sidecar = new NativeSidecar(Process.Start(start)!, httpPort, grpcPort);
        using var http = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };
        await Eventually.TrueAsync(async () =>
        {
            if (sidecar._process.HasExited) throw new InvalidOperationException($"the native sidecar exited: {await sidecar._output}");
            try { return (await http.GetAsync("/v1.0/healthz/outbound")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(30), "the native sidecar did not become healthy");
        return sidecar;
    }

    /// <summary>Kills the process, as a crash would (nothing flushed, no shutdown hooks).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await KillAsync();
        _process.Dispose();
    }
}

/// <summary>
/// A test of the native sidecar binary: skipped locally when it has not been published, required in CI
/// (GOLIVE_REQUIRE_ALL=1), where .ci/run publishes it first.
/// </summary>
public sealed class NativeSidecarFactAttribute : FactAttribute
{
    public NativeSidecarFactAttribute() => Skip = Unpublished();

    private static string? Unpublished() => RequiredTools.RequireAll || NativeSidecar.Binary is not null
        ? null
        : "publish the native sidecar first: dotnet publish runtime/GoLive.Runtime -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native";
}
