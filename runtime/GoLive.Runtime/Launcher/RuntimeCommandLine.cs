using System.Reflection;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Launcher;

/// <summary>The <c>golive-runtime</c> command line: a thin shell over <see cref="MultiAppRun"/> and <see cref="Sidecar.RuntimeHost"/>.</summary>
internal static class RuntimeCommandLine
{
    public const string Help = """
        golive-runtime: a local, Dapr-API-compatible sidecar and multi-app launcher (no daprd, no Docker).

        Usage:
          golive-runtime run [options]        launch every app of a Dapr multi-app run file, each with a local sidecar
          golive-runtime sidecar [options]    run one standalone sidecar until Ctrl+C, like daprd
          golive-runtime --help | --version

        run options:
          -f, --run-file PATH        the run file, or a folder holding dapr.yaml (default: ./dapr.yaml)
          --resources-path DIR       replaces every app's resources paths (repeatable)
          --config FILE              replaces every app's configuration file (access control is the callee's)
          --ready-timeout SECONDS    how long each app may take to open its port (default 90)
          --exit-on-app-exit         stop everything when any app exits (default: report it, keep the others)
          --log-level LEVEL          debug | info | warn | error (default info)

          The run file is Dapr's format (version 1; common; apps with appID, appDirPath, command, appPort, daprHTTPPort,
          daprGRPCPort, env, resourcesPath(s), configFilePath, appLogDestination, ...), read as `dapr run -f` reads it.
          Apps whose command is `dotnet run ...` are first built one at a time (`dotnet build`, quiet) and then started
          with `--no-build`: parallel `dotnet run` builds of projects sharing references collide on their obj/ files.
          Each app gets APP_ID, APP_PORT, DAPR_HTTP_PORT, DAPR_GRPC_PORT, DAPR_HTTP_ENDPOINT, DAPR_GRPC_ENDPOINT and
          ASPNETCORE_URLS (unless its env sets it); an app without appPort gets a free port. Its output is prefixed
          `== APP - <appID> ==`. Ctrl+C or SIGTERM stops the apps (SIGTERM, then kill after 5 s) and the sidecars.
          Tokens: every app and its sidecar get DAPR_API_TOKEN (the sidecar refuses calls without it as dapr-api-token)
          and APP_API_TOKEN (the sidecar sends it to the app as dapr-api-token; GoLive apps refuse calls without it).
          The operator's win: the app's env, else this process's environment; otherwise the launcher generates one
          random token of each (32 bytes, base64url) per run, shared by all apps and never printed. To call a sidecar
          or an app by hand, export your own DAPR_API_TOKEN and APP_API_TOKEN before `run` and send them.
          Like daprd under `dapr run -f`, relative paths inside components resolve against the apps' appDirPath
          when all apps share one; otherwise against the current folder.

        sidecar options:
          --app-id ID                required
          --app-port N               the app's HTTP port (omit for an app that only calls out)
          --app-channel-address HOST where the app listens (default 127.0.0.1)
          --dapr-http-port N         default 3500
          --dapr-grpc-port N         default 50001
          --resources-path DIR       component and resiliency YAML (repeatable)
          --config FILE              a Configuration YAML
          --log-level LEVEL          debug | info | warn | error (default info)

        sidecar: DAPR_API_TOKEN and APP_API_TOKEN in the environment turn on API token checks, as with daprd.
        Exit codes: 0 stopped normally, 1 start failure or invalid file, 2 wrong command line.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args switch
            {
                [] or ["--help" or "-h" or "help", ..] => PrintHelp(),
                ["--version" or "version"] => PrintVersion(),
                ["run", .. var rest] => await RunCommand.RunAsync(rest),
                ["sidecar", .. var rest] => await SidecarCommand.RunAsync(rest),
                [var unknown, ..] => throw new UsageException($"unknown command '{unknown}'"),
            };
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"golive-runtime: {e.Message}. Run 'golive-runtime --help' for usage.");
            return 2;
        }
    }

    private static int PrintHelp()
    {
        Console.WriteLine(Help);
        return 0;
    }

    private static int PrintVersion()
    {
        var assembly = typeof(RuntimeCommandLine).Assembly;
        Console.WriteLine(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString());
        return 0;
    }

    public static ILoggerFactory CreateLoggerFactory(string? level) => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
        .SetMinimumLevel(level switch
        {
            null or "info" => LogLevel.Information,
            "debug" => LogLevel.Debug,
            "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => throw new UsageException($"log level '{level}' is not one of debug, info, warn, error"),
        })
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("Grpc", LogLevel.Warning)
        // YARP logs every proxied invocation at Information: per-request noise, and console writes on the hot path.
        .AddFilter("Yarp", level == "debug" ? LogLevel.Debug : LogLevel.Warning));

    /// <summary>Cancelled on the first Ctrl+C or SIGTERM; a second Ctrl+C ends the launcher at once.</summary>
    public static CancellationTokenSource StopOnSignal(out IDisposable registrations)
    {
        var stop = new CancellationTokenSource();
        void Handle(System.Runtime.InteropServices.PosixSignalContext context)
        {
            if (stop.IsCancellationRequested) return; // second signal: let the default handler end the process
            context.Cancel = true;
            stop.Cancel();
        }
        var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Handle);
        var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Handle);
        registrations = new Registrations(interrupt, terminate);
        return stop;
    }

    private sealed class Registrations(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
