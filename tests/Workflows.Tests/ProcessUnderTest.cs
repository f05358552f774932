using System.Diagnostics;

namespace GoLive.Workflows.Tests;

/// <summary>A .NET program of this repository run as its own process, so a test can kill it with SIGKILL.</summary>
internal sealed class ProcessUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private ProcessUnderTest(Process process) => _process = process;

    /// <summary>Starts <c>dotnet {dll} {args}</c> with the environment given; output is drained so the pipes never fill.</summary>
    public static ProcessUnderTest Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"build the repository first: {dll} is missing", dll);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ProcessUnderTest(process);
    }

    /// <summary>The built output of a project of this repository, in the configuration the tests were built in.</summary>
    public static string Dll(string projectFolder, string assemblyName)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return Path.Combine(RequiredTools.RepositoryRoot, projectFolder, "bin", configuration, "net10.0", assemblyName + ".dll");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
