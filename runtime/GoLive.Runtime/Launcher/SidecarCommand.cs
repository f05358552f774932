using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Launcher;

/// <summary><c>golive-runtime sidecar</c>: one sidecar, like daprd, until Ctrl+C, SIGTERM or the shutdown API.</summary>
internal static class SidecarCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new CommandLineArguments(args,
            [["--app-id", "-a"], ["--app-port", "-p"], ["--app-channel-address"], ["--dapr-http-port", "-H"], ["--dapr-grpc-port", "-G"],
             ["--resources-path", "-d"], ["--config", "-c"], ["--log-level"]], []);
        var appId = arguments.Value("--app-id") ?? throw new UsageException("option '--app-id' is required");
        using var loggerFactory = RuntimeCommandLine.CreateLoggerFactory(arguments.Value("--log-level"));
        var logger = loggerFactory.CreateLogger("golive-runtime");
        var options = new SidecarOptions
        {
            AppId = appId,
            AppPort = arguments.Port("--app-port"),
            AppHost = arguments.Value("--app-channel-address") ?? "127.0.0.1",
            HttpPort = arguments.Port("--dapr-http-port") ?? 3500,
            GrpcPort = arguments.Port("--dapr-grpc-port") ?? 50001,
            ResourcesPaths = arguments.Values("--resources-path").Select(Path.GetFullPath).ToArray(),
            ConfigPath = arguments.Value("--config") is { } config ? Path.GetFullPath(config) : null,
            ApiToken = EnvironmentValue("DAPR_API_TOKEN"),
            AppApiToken = EnvironmentValue("APP_API_TOKEN"),
        };
        using var stop = RuntimeCommandLine.StopOnSignal(out var signals);
        using var _ = signals;

        await using var host = new RuntimeHost(loggerFactory);
        Sidecar.Sidecar sidecar;
        try
        {
            sidecar = await host.StartSidecarAsync(options, stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Sidecar for {AppId} did not start", appId);
            return 1;
        }
        Console.WriteLine($"Sidecar for '{appId}': HTTP {sidecar.HttpEndpoint}, gRPC {sidecar.GrpcEndpoint}, app port {options.AppPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}. Press Ctrl+C to stop.");

        using var stopOrShutdown = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, sidecar.Context.ShutdownRequested);
        try { await Task.Delay(Timeout.Infinite, stopOrShutdown.Token); }
        catch (OperationCanceledException) { /* asked to stop */ }
        logger.LogInformation("Stopping sidecar for {AppId}", appId);
        return 0;
    }

    private static string? EnvironmentValue(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
