namespace GoLive.Runtime.Launcher;

/// <summary>One app of a <see cref="MultiAppRun"/>: where it listens and where its sidecar does.</summary>
public sealed class LaunchedApp
{
    internal LaunchedApp(RunFileApp definition, Sidecar.Sidecar sidecar, int? appPort)
    {
        Definition = definition;
        Sidecar = sidecar;
        AppPort = appPort;
    }

    public RunFileApp Definition { get; }
    public string AppId => Definition.AppId;
    public int? AppPort { get; }
    public string? AppUrl => AppPort is { } port ? $"http://{Definition.AppChannelAddress}:{port}" : null;
    public Sidecar.Sidecar Sidecar { get; }
    public string SidecarHttpEndpoint => Sidecar.HttpEndpoint;
    public string SidecarGrpcEndpoint => Sidecar.GrpcEndpoint;

    /// <summary>Completes with the exit code when the app's process exits; null for an app without a command.</summary>
    public Task<int>? Exited => Process?.Exited;

    /// <summary>The app's last lines of output.</summary>
    public IReadOnlyList<string> RecentOutput => Process?.RecentOutput ?? [];

    internal AppProcess? Process { get; set; }
}
