using System.Diagnostics;
using System.Runtime.InteropServices;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>
/// Resident memory of idle sidecars, each in a fresh child process: the bench re-launched to host 1 and 5 sidecars, the
/// standalone <c>golive-runtime sidecar</c> command, and as baseline an empty Kestrel app in the same child mode.
/// </summary>
internal sealed class MemoryScenario : IScenario
{
    private const double TargetMb = 60;
    private const int Several = 5;

    public string Name => "memory";

    public async Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the memory scenario reads /proc/{pid}/status (Linux)");

        var empty = await MeasuredProcess.MeasureAsync(IdleHost.StartInfo(IdleHost.EmptyMode), null, settings.Idle, cancellationToken);
        var one = await MeasuredProcess.MeasureAsync(IdleHost.StartInfo(IdleHost.SidecarsMode, "1"), null, settings.Idle, cancellationToken);
        var several = await MeasuredProcess.MeasureAsync(IdleHost.StartInfo(IdleHost.SidecarsMode, $"{Several}"), null, settings.Idle, cancellationToken);
        var (cliStart, cliHealth) = StandaloneSidecar();
        var cli = await MeasuredProcess.MeasureAsync(cliStart, cliHealth, settings.Idle, cancellationToken);
        (long? RssBytes, string? Problem) native = (null, $"publish it first: {NativeSidecarProcess.PublishCommand}");
        if (NativeSidecarProcess.Binary() is { } binary)
        {
            var (nativeStart, nativeHealth, _) = NativeSidecarProcess.StartInfo(binary, "idle");
            native = await MeasuredProcess.MeasureAsync(nativeStart, [nativeHealth], settings.Idle, cancellationToken);
        }

        var baseline = empty.RssBytes ?? throw new InvalidOperationException($"the empty app could not be measured: {empty.Problem}");
        string[] Row(string name, int sidecars, (long? RssBytes, string? Problem) m) => m.RssBytes is { } rss
            ? [name, $"{sidecars}", Figures.Mb(rss), sidecars == 0 ? "" : Figures.SignedMb(rss - baseline)]
            : [name, $"{sidecars}", "not measured: " + m.Problem, ""];
        var table = new ResultTable(
                $"Resident memory (VmRSS) after {settings.Idle.TotalSeconds:0.#} s idle, one process each",
                "process", "sidecars", "RSS MB", "vs empty app MB")
            .Row(Row("empty Kestrel app (baseline)", 0, empty))
            .Row(Row("bench child hosting sidecars", 1, one))
            .Row(Row("bench child hosting sidecars", Several, several))
            .Row(Row("golive-runtime sidecar (standalone, JIT)", 1, cli))
            .Row(Row("golive-runtime sidecar (standalone, NativeAOT)", 1, native));
        if (one.RssBytes is { } rss1 && several.RssBytes is { } rssN)
            table.Note($"Marginal RSS per additional in-process sidecar: {Figures.Mb((rssN - rss1) / (Several - 1))} MB.");
        var (perSidecar, which) = native.RssBytes is { } n ? (n, "native standalone sidecar")
            : cli.RssBytes is { } c ? (c, "JIT standalone sidecar") : (one.RssBytes ?? 0, "bench child with one sidecar");
        if (perSidecar > 0)
        {
            table.Note($"Target: ≤ {TargetMb:0} MB per idle sidecar process — {Figures.AtMost(perSidecar, TargetMb * 1024 * 1024)} " +
                       $"({which}, {Figures.Mb(perSidecar)} MB). For scale, daprd ≈ 50 MB.");
        }

        return [table];
    }

    /// <summary><c>dotnet golive-runtime.dll sidecar --app-id idle</c> on two free ports, and the health URL to poll.</summary>
    private static (ProcessStartInfo Start, IReadOnlyList<string> HealthUrls) StandaloneSidecar()
    {
        var (httpPort, grpcPort) = (FreePort.Next(), FreePort.Next());
        var start = new ProcessStartInfo(DotnetHost());
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "golive-runtime.dll"), "sidecar", "--app-id", "idle",
                     "--dapr-http-port", $"{httpPort}", "--dapr-grpc-port", $"{grpcPort}"])
        {
            start.ArgumentList.Add(arg);
        }

        return (start, [$"http://127.0.0.1:{httpPort}/v1.0/healthz"]);
    }

    /// <summary>The <c>dotnet</c> host that runs this process's runtime: three folders above the shared framework.</summary>
    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
