using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Launcher;

/// <summary><c>golive-runtime run</c>: every app of a run file with its sidecar, until Ctrl+C or SIGTERM.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new CommandLineArguments(args,
            [["--run-file", "-f"], ["--resources-path"], ["--config"], ["--ready-timeout"], ["--log-level"]], ["--exit-on-app-exit"]);
        using var loggerFactory = RuntimeCommandLine.CreateLoggerFactory(arguments.Value("--log-level"));
        var logger = loggerFactory.CreateLogger("golive-runtime");
        var options = new MultiAppRunOptions
        {
            ResourcesPaths = arguments.Values("--resources-path") is { Count: > 0 } paths ? paths.Select(Path.GetFullPath).ToArray() : null,
            ConfigPath = arguments.Value("--config") is { } config ? Path.GetFullPath(config) : null,
            ReadyTimeout = TimeSpan.FromSeconds(arguments.Seconds("--ready-timeout") ?? 90),
            LoggerFactory = loggerFactory,
        };
        using var stop = RuntimeCommandLine.StopOnSignal(out var signals);
        using var _ = signals;

        MultiAppRun run;
        try
        {
            var runFile = RunFileParser.Load(arguments.Value("--run-file") ?? "dapr.yaml", logger);
            UseSharedAppDirectory(runFile, logger);
            run = await MultiAppRun.StartAsync(runFile, options, stop.Token);
        }
        catch (Exception e) when (e is RunFileException or AppStartException)
        {
            // Straight to stderr, not through the single-line logger: the app's last output spans several lines.
            await Console.Error.WriteLineAsync($"golive-runtime: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            logger.LogInformation("Stopped during start-up");
            return 0;
        }

        await using (run)
        {
            PrintTable(run.Apps);
            var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            var exits = run.Apps.Where(a => a.Exited is not null).Select(a => a.Exited!).ToArray();
            var appExited = arguments.Flag("--exit-on-app-exit") && exits.Length > 0 ? Task.WhenAny(exits) : new TaskCompletionSource().Task;
            var first = await Task.WhenAny(stopped, appExited);
            if (first == stopped) logger.LogInformation("Stopping apps and sidecars");
            else logger.LogInformation("An app exited and --exit-on-app-exit is set: stopping apps and sidecars");
            var failedApp = first != stopped && exits.Any(e => e.IsCompletedSuccessfully && e.Result != 0);
            return failedApp ? 1 : 0;
        }
    }

    /// <summary>
    /// daprd under <c>dapr run -f</c> runs in the app's folder, so relative paths in component metadata (a secrets file, a SQLite
    /// file) resolve there. All sidecars share this process, so that can be mirrored only when every app has the same folder.
    /// </summary>
    private static void UseSharedAppDirectory(RunFile runFile, ILogger logger)
    {
        var folders = runFile.Apps.Select(a => a.AppDirPath).Distinct(StringComparer.Ordinal).ToArray();
        if (folders.Length == 1) Environment.CurrentDirectory = folders[0];
        else logger.LogDebug("Apps have different appDirPath values; relative paths in components resolve against {Folder}", Environment.CurrentDirectory);
    }

    private static void PrintTable(IReadOnlyList<LaunchedApp> apps)
    {
        string[] header = ["APP ID", "APP URL", "DAPR HTTP", "DAPR gRPC"];
        var rows = apps.Select(a => new[] { a.AppId, a.AppUrl ?? "-", a.SidecarHttpEndpoint, a.SidecarGrpcEndpoint }).Prepend(header).ToArray();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        lock (Console.Out)
        {
            Console.WriteLine();
            foreach (var row in rows) Console.WriteLine(string.Join("   ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            Console.WriteLine();
            Console.WriteLine("All apps are up. Press Ctrl+C to stop.");
        }
    }
}
