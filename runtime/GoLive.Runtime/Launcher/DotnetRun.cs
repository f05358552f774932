using System.Diagnostics;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Launcher;

/// <summary>
/// Apps started with <c>dotnet run</c> are built first, one at a time, then run with <c>--no-build</c>: several <c>dotnet run</c>
/// builds at once of projects that share references collide on the same obj/ files and fail at random.
/// </summary>
internal static class DotnetRun
{
    // Options of `dotnet run` that select what gets built; the build must use the same ones or --no-build finds nothing.
    private static readonly HashSet<string> BuildSelectors = new(StringComparer.Ordinal)
    {
        "--project", "-c", "--configuration", "-f", "--framework", "-r", "--runtime", "-a", "--arch", "--os",
    };

    public static bool Applies(IReadOnlyList<string> command) =>
        command.Count >= 2
        && Path.GetFileNameWithoutExtension(command[0]).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
        && command[1] == "run"
        && !command.Contains("--no-build");

    /// <summary>The command with <c>--no-build</c> placed right after <c>run</c>, so it stays before any <c>--</c> app arguments.</summary>
    public static IReadOnlyList<string> WithoutBuild(IReadOnlyList<string> command) => [command[0], "run", "--no-build", .. command.Skip(2)];

    public static async Task BuildAsync(RunFileApp app, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(app.Command[0])
        {
            WorkingDirectory = app.AppDirPath,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("build");
        InlineSocketCompletions.KeepFrom(info);
        var runArguments = app.Command.Skip(2).TakeWhile(a => a != "--").ToArray();
        for (var i = 0; i < runArguments.Length - 1; i++)
        {
            if (!BuildSelectors.Contains(runArguments[i])) continue;
            if (runArguments[i] == "--project")
            {
                info.ArgumentList.Add(runArguments[i + 1]);
            }
            else { info.ArgumentList.Add(runArguments[i]); info.ArgumentList.Add(runArguments[i + 1]); }
        }
        foreach (var flag in new[] { "--nologo", "-v", "quiet", "-clp:NoSummary;ErrorsOnly" }) info.ArgumentList.Add(flag);

        using var process = Process.Start(info) ?? throw new AppStartException(app.AppId, "'dotnet build' could not be started", []);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode == 0) return;
        var lines = ((await output) + (await errors)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        throw new AppStartException(app.AppId, $"'dotnet {string.Join(' ', info.ArgumentList)}' failed in {app.AppDirPath}", lines.TakeLast(20).ToArray());
    }
}
