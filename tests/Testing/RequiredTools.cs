using System.Diagnostics;
using Xunit;

namespace GoLive.Testing;

/// <summary>
/// Tools some tests need from the machine (Node.js, …). Locally a missing tool skips those tests with a reason;
/// with <c>GOLIVE_REQUIRE_ALL=1</c> (set by CI) nothing is skipped, so a missing tool fails the test instead.
/// </summary>
public static class RequiredTools
{
    public static bool RequireAll => Environment.GetEnvironmentVariable("GOLIVE_REQUIRE_ALL") == "1";

    private static readonly Lazy<bool> NodeInstalled = new(() => CanRun("node", "--version"));

    public static bool Node => NodeInstalled.Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GoLive.slnx"))) return dir.FullName;
        throw new InvalidOperationException("GoLive.slnx not found above " + AppContext.BaseDirectory);
    }

    private static bool CanRun(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null) return false;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A fact that needs Node.js and the polyglot suite's installed packages (<c>npm ci</c>).</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute() => Skip = MissingNode();

    private static string? MissingNode()
    {
        if (RequiredTools.RequireAll) return null;
        if (!RequiredTools.Node) return "Node.js is not installed (CI sets GOLIVE_REQUIRE_ALL=1 and installs it)";
        var modules = Path.Combine(RequiredTools.RepositoryRoot, "tests", "polyglot", "node", "node_modules");
        return Directory.Exists(modules) ? null : "run `npm ci` in tests/polyglot/node first (CI does)";
    }
}
