using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace GoLive.Runtime.Bench.Hosts;

/// <summary>
/// A child process whose resident memory is read once it is healthy and has been idle a while. Health URLs come either from the
/// child's <c>ready URL…</c> line or, for a process that does not print one, are known in advance.
/// </summary>
internal static class MeasuredProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The idle process's RSS in bytes, or the reason it could not be measured.</summary>
    public static async Task<(long? RssBytes, string? Problem)> MeasureAsync(ProcessStartInfo start, IReadOnlyList<string>? knownHealthUrls,
        TimeSpan idle, CancellationToken cancellationToken)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var ready = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new Queue<string>();
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(IdleHost.ReadyPrefix, StringComparison.Ordinal) == true)
                ready.TrySetResult(e.Data[IdleHost.ReadyPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors)
            {
                errors.Enqueue(e.Data);
                if (errors.Count > 3) errors.Dequeue();
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"exited with code {process.ExitCode} before it was ready"));
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return (null, $"could not start {start.FileName}: {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var urls = knownHealthUrls ?? await ready.Task.WaitAsync(StartTimeout, cancellationToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            foreach (var url in urls) await WaitHealthyAsync(http, url, process, cancellationToken);
            await Task.Delay(idle, cancellationToken);
            return process.HasExited ? (null, "exited while idle") : (ReadRssBytes(process.Id), null);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            string detail;
            lock (errors) detail = errors.Count == 0 ? "" : $" ({string.Join(" / ", errors)})";
            return (null, e.Message + detail);
        }
        finally
        {
            await StopAsync(process);
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http, string url, Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"exited with code {process.ExitCode} before it was healthy");
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { /* slow start */ }
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"{url} not healthy within {StartTimeout.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>VmRSS from <c>/proc/{pid}/status</c> (Linux), in bytes.</summary>
    public static long ReadRssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no VmRSS for process {pid}");
        var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited) return;
        // Our child modes exit when their input closes; anything else is killed after a grace period.
        try { process.StandardInput.Close(); } catch (IOException) { /* already gone */ }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await process.WaitForExitAsync(grace.Token); }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
