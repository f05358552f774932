using System.ComponentModel;
using System.Diagnostics;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Launcher;

/// <summary>One app's command running as a child process, its output fed line by line to its <see cref="AppLog"/>.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly AppLog _log;

    private AppProcess(Process process, AppLog log)
    {
        _process = process;
        _log = log;
        Exited = WaitForExitAsync();
    }

    /// <summary>Completes with the exit code once the process has exited and its output is drained.</summary>
    public Task<int> Exited { get; }

    public IReadOnlyList<string> RecentOutput => _log.Tail();

    public static AppProcess Start(RunFileApp app, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, AppLog log)
    {
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = app.AppDirPath,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1)) info.ArgumentList.Add(argument);
        InlineSocketCompletions.KeepFrom(info);
        foreach (var (name, value) in environment) info.Environment[name] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Line(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Line(e.Data); };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new AppStartException(app.AppId, $"its command '{string.Join(' ', command)}' could not be started in {app.AppDirPath}: {e.Message}", []);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, log);
    }

    /// <summary>SIGTERM to the process tree, then, after <paramref name="grace"/>, a kill of whatever is left.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Exited.IsCompleted) return;
        try
        {
            ProcessTree.Terminate(_process.Id);
            if (!OperatingSystem.IsWindows()) await Exited.WaitAsync(grace);
        }
        catch (TimeoutException) { /* did not stop in time: killed below */ }
        if (!Exited.IsCompleted)
        {
            try { _process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* exited meanwhile */ }
        }
        try { await Exited.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { /* a grandchild still holds the output pipe open; nothing more we can do */ }
    }

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        _process.Dispose();
        _log.Dispose();
    }
}

/// <summary>An app that could not be started or did not become reachable in time; the message names the app and shows its last output.</summary>
public sealed class AppStartException(string appId, string reason, IReadOnlyList<string> recentOutput, Exception? inner = null)
    : Exception(Describe(appId, reason, recentOutput), inner)
{
    public string AppId { get; } = appId;
    public IReadOnlyList<string> RecentOutput { get; } = recentOutput;

    private static string Describe(string appId, string reason, IReadOnlyList<string> recentOutput) =>
        recentOutput.Count == 0
            ? $"App '{appId}' failed to start: {reason}"
            : $"App '{appId}' failed to start: {reason}. Its last output:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", recentOutput)}";
}
