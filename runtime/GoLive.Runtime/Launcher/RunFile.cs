namespace GoLive.Runtime.Launcher;

/// <summary>A multi-app run file (<c>dapr.yaml</c>) with the common section already merged into every app and paths made absolute.</summary>
public sealed record RunFile(string FilePath, IReadOnlyList<RunFileApp> Apps);

/// <summary>One app of a run file, ready to launch: what <c>dapr run -f</c> would pass to daprd and to the app's process.</summary>
public sealed record RunFileApp
{
    public required string AppId { get; init; }

    /// <summary>Absolute; the app's command runs here, and its logs go to <c>.dapr/logs</c> below it.</summary>
    public required string AppDirPath { get; init; }

    /// <summary>Empty for a sidecar without an app process (the app is started some other way).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Common env overlaid with the app's env.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public int? AppPort { get; init; }
    public int? DaprHttpPort { get; init; }
    public int? DaprGrpcPort { get; init; }
    public string AppChannelAddress { get; init; } = "127.0.0.1";
    public IReadOnlyList<string> ResourcesPaths { get; init; } = [];
    public string? ConfigFilePath { get; init; }
    public AppLogDestination AppLogDestination { get; init; } = AppLogDestination.FileAndConsole;

    /// <summary>When set, start-up also waits for this path on the app to answer 2xx (<c>enableAppHealthCheck</c>).</summary>
    public string? AppHealthCheckPath { get; init; }

    public long? MaxBodyBytes { get; init; }
}

/// <summary>Where an app's stdout and stderr go; the Dapr CLI's default is both.</summary>
public enum AppLogDestination
{
    Console,
    File,
    FileAndConsole,
}

/// <summary>A run file that cannot be honoured, with the file and the reason.</summary>
public sealed class RunFileException(string file, string reason) : Exception($"{file}: {reason}")
{
    public string File { get; } = file;
    public string Reason { get; } = reason;
}
