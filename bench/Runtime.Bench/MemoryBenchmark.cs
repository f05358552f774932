using System.Diagnostics;
using System.Globalization;
using System.Text;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;

namespace GoLive.Runtime.Bench;

/// <summary>
/// Resident memory of idle sidecars: this program relaunches itself as a child that hosts N idle sidecars (or, for the
/// baseline, one empty Kestrel app), waits, and reads the child's VmRSS from /proc.
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task<string> RunAsync()
    {
        var empty = await MeasureChildAsync("host-empty", 0);
        var one = await MeasureChildAsync("host-sidecars", 1);
        var five = await MeasureChildAsync("host-sidecars", 5);
        var table = new StringBuilder();
        table.AppendLine("Idle resident memory (VmRSS) after 5 s idle");
        table.AppendLine();
        table.AppendLine("| process | RSS MB |");
        table.AppendLine("|---|---|");
        table.AppendLine($"| empty ASP.NET Core app (baseline) | {Mb(empty)} |");
        table.AppendLine($"| runtime with 1 idle sidecar | {Mb(one)} |");
        table.AppendLine($"| runtime with 5 idle sidecars | {Mb(five)} |");
        table.AppendLine($"| **marginal RSS per extra in-process sidecar** | **{Mb((five - one) / 4)}** |");
        table.AppendLine($"| 1 sidecar above the empty app | {Mb(one - empty)} |");
        return table.ToString();
    }

    static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    static async Task<long> MeasureChildAsync(string mode, int sidecars)
    {
        var self = typeof(MemoryBenchmark).Assembly.Location;
        using var child = Process.Start(new ProcessStartInfo("dotnet", $"\"{self}\" {mode} {sidecars}") { RedirectStandardOutput = true })!;
        while (await child.StandardOutput.ReadLineAsync() is { } line && line != "READY") { }
        await Task.Delay(TimeSpan.FromSeconds(5));
        var rss = File.ReadLines($"/proc/{child.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        return long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The child side: host N idle sidecars (or an empty app), say READY, and wait to be killed.</summary>
    public static async Task HostAsync(string mode, int sidecars)
    {
        await using var host = new RuntimeHost();
        WebApplication? app = null;
        if (mode == "host-empty")
        {
            (app, _) = await BenchApps.StartAppAsync(a => a.MapGet("/", () => "idle"));
        }
        else
        {
            for (var i = 0; i < sidecars; i++)
                await host.StartSidecarAsync(new SidecarOptions { AppId = $"idle-{i}", ResourcesPaths = [BenchApps.Components()] });
        }
        Console.WriteLine("READY");
        await Task.Delay(Timeout.Infinite);
        if (app is not null) await app.DisposeAsync();
    }
}
