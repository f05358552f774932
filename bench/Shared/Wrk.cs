using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GoLive.Bench;

/// <summary>What one wrk run measured; latencies as wrk prints them (e.g. <c>1.23ms</c>).</summary>
internal sealed record WrkResult(double RequestsPerSecond, string P50, string P90, string P99, string SocketErrors, long NonSuccess, string Output)
{
    /// <summary>Transport errors and non-2xx/3xx answers (a fast 429 or 5xx would flatter the figures), or 0.</summary>
    public string Errors => (SocketErrors, NonSuccess) switch
    {
        ("", 0) => "0",
        (var socket, 0) => socket,
        (var socket, var failed) => $"{socket} {failed:N0} non-2xx".Trim(),
    };
}

/// <summary>
/// Runs <c>wrk -t2 --latency</c>. Without a per-client rate every connection sends its next request as soon as it has the
/// answer (saturation: with 1,000 connections the latency is mostly queueing, connections ÷ throughput). With one, each
/// connection is a client that thinks for an exponentially distributed time between requests (<c>paced.lua</c>), so the
/// offered load is connections × rate and the latency is what each request sees at that load.
/// </summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(string url, int connections, TimeSpan duration, double perClientRate = 0,
        IEnumerable<string>? headers = null)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{duration.TotalSeconds:0}s", "--latency", "--timeout", "10s" })
            info.ArgumentList.Add(argument);
        foreach (var header in headers ?? []) { info.ArgumentList.Add("-H"); info.ArgumentList.Add(header); }
        if (perClientRate > 0) { info.ArgumentList.Add("-s"); info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "paced.lua")); }
        info.ArgumentList.Add(url);
        if (perClientRate > 0)
        {
            info.ArgumentList.Add("--");
            info.ArgumentList.Add((1000 / perClientRate).ToString("0.###", CultureInfo.InvariantCulture)); // mean think time, ms
        }
        using var wrk = Process.Start(info) ?? throw new InvalidOperationException("wrk could not be started (apt-get install wrk)");
        var (outputRead, errorsRead) = (wrk.StandardOutput.ReadToEndAsync(), wrk.StandardError.ReadToEndAsync());
        await wrk.WaitForExitAsync();
        var (output, errors) = (await outputRead, await errorsRead);
        if (wrk.ExitCode != 0) throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {errors}{output}");

        string Latency(string percentile) => Regex.Match(output, $@"^\s+{percentile}%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;
        return new WrkResult(
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Latency("50"), Latency("90"), Latency("99"),
            SocketErrors().Match(output) is { Success: true } socket ? socket.Value.Trim() : "",
            NonSuccess().Match(output) is { Success: true } failed ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            output);
    }

    /// <summary>How a run was made, for the report: the wrk command line a reader can repeat.</summary>
    public static string Describe(int connections, TimeSpan duration, double perClientRate) => perClientRate > 0
        ? $"wrk -t2 -c{connections} -d{duration.TotalSeconds:0}s --latency -s bench/Shared/paced.lua URL -- {1000 / perClientRate:0.###} " +
          $"({connections:N0} clients, each thinking {1000 / perClientRate:0.#} ms on average between requests: {connections * perClientRate:N0} req/s offered)"
        : $"wrk -t2 -c{connections} -d{duration.TotalSeconds:0}s --latency URL (each connection re-sends at once: saturation)";

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Socket errors:[^\n]+")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();
}
