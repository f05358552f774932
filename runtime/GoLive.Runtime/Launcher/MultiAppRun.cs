using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoLive.Runtime.Launcher;

/// <summary>
/// Every app of a run file, each behind its own sidecar in one shared <see cref="RuntimeHost"/>: what <c>dapr run -f</c> does,
/// without daprd, and with API tokens on unless the operator gives their own (<see cref="RunTokens"/>).
/// <see cref="StartAsync(RunFile, MultiAppRunOptions?, CancellationToken)"/> returns once every app listens on its port;
/// <see cref="DisposeAsync"/> stops the apps (SIGTERM, then kill) and then the sidecars.
/// </summary>
public sealed class MultiAppRun : IAsyncDisposable
{
    private readonly MultiAppRunOptions _options;
    private readonly TextWriter _output;
    private readonly bool _colour;
    private readonly ILogger _logger;
    private readonly List<LaunchedApp> _apps = [];
    private readonly RunTokens _tokens = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    private MultiAppRun(RunFile runFile, MultiAppRunOptions options)
    {
        RunFile = runFile;
        _options = options;
        _output = options.Output ?? Console.Out;
        _colour = ConsolePrefixer.ShouldColour(_output);
        Host = new RuntimeHost(options.LoggerFactory, options.Time);
        _logger = Host.LoggerFactory.CreateLogger<MultiAppRun>();
    }

    public RunFile RunFile { get; }
    public RuntimeHost Host { get; }
    public IReadOnlyList<LaunchedApp> Apps => _apps;

    public static Task<MultiAppRun> StartAsync(string runFilePath, MultiAppRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var logger = (options?.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MultiAppRun>();
        return StartAsync(RunFileParser.Load(runFilePath, logger), options, cancellationToken);
    }

    public static async Task<MultiAppRun> StartAsync(RunFile runFile, MultiAppRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var run = new MultiAppRun(runFile, options ?? new MultiAppRunOptions());
        try
        {
            foreach (var app in runFile.Apps.Where(a => DotnetRun.Applies(a.Command)))
            {
                run._logger.LogInformation("Building {AppId} in {AppDirPath}", app.AppId, app.AppDirPath);
                await DotnetRun.BuildAsync(app, cancellationToken);
            }
            for (var i = 0; i < runFile.Apps.Count; i++) await run.LaunchAsync(runFile.Apps[i], i, cancellationToken);
            await Task.WhenAll(run._apps.Select(a => run.WaitForReadyAsync(a, cancellationToken)));
            foreach (var app in run._apps) _ = run.ReportExitAsync(app);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    private async Task LaunchAsync(RunFileApp app, int index, CancellationToken cancellationToken)
    {
        // An app with a command but no appPort gets a free one (the Dapr CLI would give it none), so ASP.NET apps just work.
        var appPort = app.AppPort ?? (app.Command.Count > 0 ? FreePort.Next() : null);
        var (apiToken, appApiToken) = _tokens.For(app);
        var options = new SidecarOptions
        {
            AppId = app.AppId,
            AppPort = appPort,
            AppHost = app.AppChannelAddress,
            HttpPort = app.DaprHttpPort ?? 0,
            GrpcPort = app.DaprGrpcPort ?? 0,
            ResourcesPaths = _options.ResourcesPaths ?? app.ResourcesPaths,
            ConfigPath = _options.ConfigPath ?? app.ConfigFilePath,
            ApiToken = apiToken,
            AppApiToken = appApiToken,
            AppStartTimeout = _options.ReadyTimeout,
        };
        if (app.MaxBodyBytes is { } maxBody) options = options with { MaxRequestBodyBytes = maxBody };

        Sidecar.Sidecar sidecar;
        try
        {
            sidecar = await Host.StartSidecarAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new AppStartException(app.AppId, $"its sidecar did not start: {e.Message}", [], e);
        }
        var launched = new LaunchedApp(app, sidecar, appPort);
        _apps.Add(launched);
        if (app.Command.Count == 0)
        {
            _logger.LogInformation("App {AppId} has no command: only its sidecar runs, waiting for the app on port {AppPort}", app.AppId, appPort);
            return;
        }

        var environment = AppEnvironment(app, sidecar, appPort, (apiToken, appApiToken));
        var command = DotnetRun.Applies(app.Command) ? DotnetRun.WithoutBuild(app.Command) : app.Command;
        var log = new AppLog(app, new ConsolePrefixer(_output, app.AppId, index, _colour), Host.Time);
        try
        {
            launched.Process = AppProcess.Start(app, command, environment, log);
        }
        catch
        {
            log.Dispose();
            throw;
        }
        if (log.FilePath is { } file) _logger.LogDebug("App {AppId} logs to {LogFile}", app.AppId, file);
        sidecar.Context.ShutdownRequested.Register(() => _ = StopAppAsync(launched, "its sidecar was asked to shut down"));
    }

    private static Dictionary<string, string> AppEnvironment(RunFileApp app, Sidecar.Sidecar sidecar, int? appPort, (string Api, string App) tokens)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["APP_ID"] = app.AppId,
            ["APP_PROTOCOL"] = "http",
            ["DAPR_HTTP_PORT"] = sidecar.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DAPR_GRPC_PORT"] = sidecar.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DAPR_HTTP_ENDPOINT"] = sidecar.HttpEndpoint,
            ["DAPR_GRPC_ENDPOINT"] = sidecar.GrpcEndpoint,
        };
        if (appPort is { } port)
        {
            environment["APP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Always set, whatever the launcher inherited: one inherited value would send every app to the same address.
            environment["ASPNETCORE_URLS"] = $"http://{app.AppChannelAddress}:{port}";
        }
        // As with the Dapr CLI, the run file's env comes last and wins (it may set its own ASPNETCORE_URLS).
        foreach (var (name, value) in app.Env) environment[name] = value;
        // The tokens the sidecar checks and sends, even where the run file's env left them empty: the SDK sends DAPR_API_TOKEN
        // as dapr-api-token, and the app (ServiceDefaults) admits only calls carrying APP_API_TOKEN.
        environment[RunTokens.ApiToken] = tokens.Api;
        environment[RunTokens.AppApiToken] = tokens.App;
        return environment;
    }

    private async Task WaitForReadyAsync(LaunchedApp app, CancellationToken cancellationToken)
    {
        if (app.Process is not { } process) return; // started elsewhere: nothing to wait for
        var ready = app.Sidecar.WaitForReadyAsync(cancellationToken);
        if (await Task.WhenAny(ready, process.Exited) == process.Exited && !ready.IsCompletedSuccessfully)
            throw new AppStartException(app.AppId, $"it exited with code {await process.Exited} before listening on port {app.AppPort}", process.RecentOutput);
        try
        {
            await ready;
        }
        catch (TimeoutException e)
        {
            throw new AppStartException(app.AppId, $"it did not listen on port {app.AppPort} within {_options.ReadyTimeout.TotalSeconds:0} s", process.RecentOutput, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new AppStartException(app.AppId, $"its sidecar failed: {e.Message}", process.RecentOutput, e);
        }
        if (app.Definition.AppHealthCheckPath is { } path) await AppHealthCheck.WaitAsync(app, path, _options.ReadyTimeout, Host.Time, cancellationToken);
    }

    private async Task ReportExitAsync(LaunchedApp app)
    {
        if (app.Exited is not { } exited) return;
        var code = await exited;
        if (_stopping.IsCancellationRequested) return;
        _logger.LogWarning("App {AppId} exited with code {ExitCode}", app.AppId, code);
    }

    private async Task StopAppAsync(LaunchedApp app, string reason)
    {
        if (app.Process is not { } process || _stopping.IsCancellationRequested) return;
        _logger.LogInformation("Stopping app {AppId}: {Reason}", app.AppId, reason);
        await process.StopAsync(_options.StopGracePeriod);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        await Task.WhenAll(_apps.Where(a => a.Process is not null).Select(async a =>
        {
            await a.Process!.StopAsync(_options.StopGracePeriod);
            await a.Process.DisposeAsync();
        }));
        await Host.DisposeAsync();
        _stopping.Dispose();
    }
}
