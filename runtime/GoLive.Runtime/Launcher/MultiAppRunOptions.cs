using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Launcher;

/// <summary>How to launch a run file; the defaults are those of the <c>golive-runtime run</c> command.</summary>
public sealed record MultiAppRunOptions
{
    /// <summary>When set, replaces every app's resources paths (the command line's <c>--resources-path</c>).</summary>
    public IReadOnlyList<string>? ResourcesPaths { get; init; }

    /// <summary>When set, replaces every app's configuration file (the command line's <c>--config</c>).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>How long an app may take to open its port (and answer its health check) before the start fails.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a stopping app gets after SIGTERM before its process tree is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the apps' prefixed output goes; the console by default.</summary>
    public TextWriter? Output { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }

    public TimeProvider? Time { get; init; }
}
