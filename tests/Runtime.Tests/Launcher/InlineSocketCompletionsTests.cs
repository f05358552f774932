using System.Diagnostics;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Launcher;

/// <summary>
/// The golive-runtime process inlines socket completions for its sidecars, and the apps it launches do not inherit that
/// choice: they run the user's code, which may block in a continuation.
/// </summary>
public sealed class InlineSocketCompletionsTests : IDisposable
{
    private static readonly string RuntimeDll = Path.Combine(AppContext.BaseDirectory, "golive-runtime.dll");
    private static readonly string TestAppDll = Path.Combine(AppContext.BaseDirectory, "GoLive.Runtime.TestApp.dll");

    private readonly string _root = Directory.CreateTempSubdirectory("golive-inline-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { /* best effort */ }
    }

    [Theory]
    [InlineData(null, "unset")]
    [InlineData("1", "1")] // the operator's own setting reaches the apps unchanged
    public async Task The_runtime_inlines_socket_completions_and_its_apps_see_only_what_the_operator_set(string? operatorSetting, string appSees)
    {
        if (!OperatingSystem.IsLinux()) return; // the probe needs a POSIX shell and /proc
        var runFile = Path.Combine(_root, "dapr.yaml");
        await File.WriteAllTextAsync(runFile, $$"""
            version: 1
            apps:
              - appID: probe
                appDirPath: .
                command: ["sh", "-c", "echo \"inline=${{{InlineSocketCompletions.Variable}}:-unset}\"; exec dotnet \"$0\"", "{{TestAppDll}}"]
            """);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        foreach (var argument in new[] { RuntimeDll, "run", "-f", runFile }) info.ArgumentList.Add(argument);
        info.Environment.Remove(InlineSocketCompletions.Variable);
        if (operatorSetting is not null) info.Environment[InlineSocketCompletions.Variable] = operatorSetting;

        using var runtime = Process.Start(info)!;
        var output = new StringWriter();
        runtime.OutputDataReceived += (_, e) => { lock (output) output.WriteLine(e.Data); };
        runtime.ErrorDataReceived += (_, e) => { lock (output) output.WriteLine(e.Data); };
        runtime.BeginOutputReadLine();
        runtime.BeginErrorReadLine();
        string Output() { lock (output) return output.ToString(); }
        try
        {
            await Eventually.Async(() => Output().Contains("inline="), TimeSpan.FromSeconds(60), "the probe app prints what it inherited");
            Assert.Contains($"inline={appSees}", Output());
            // Inlining gives the process one socket event thread per core instead of one in all (on more than one core).
            await Eventually.Async(() => Output().Contains("Sidecar for probe ready"), TimeSpan.FromSeconds(60), "the sidecar is ready");
            Assert.Equal(Environment.ProcessorCount, SocketEventThreads(runtime.Id));
        }
        finally
        {
            runtime.Kill(entireProcessTree: true);
            await runtime.WaitForExitAsync();
        }
    }

    private static int SocketEventThreads(int pid) => Directory.GetDirectories($"/proc/{pid}/task")
        .Count(task => File.Exists(Path.Combine(task, "comm")) && File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets");
}
