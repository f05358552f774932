namespace GoLive.Runtime.Sidecar;

/// <summary>How to run one sidecar: the daprd flags that matter locally. Port 0 means "pick a free one".</summary>
public sealed record SidecarOptions
{
    public required string AppId { get; init; }

    /// <summary>The app's HTTP port; null for an app that only calls out (no subscriptions, no invocation).</summary>
    public int? AppPort { get; init; }

    public string AppHost { get; init; } = "127.0.0.1";

    public int HttpPort { get; init; }

    public int GrpcPort { get; init; }

    public IReadOnlyList<string> ResourcesPaths { get; init; } = [];

    /// <summary>A <c>kind: Configuration</c> file (access control, tracing); optional.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>When set, every sidecar API call but the health routes must carry it as <c>dapr-api-token</c>.</summary>
    public string? ApiToken { get; init; }

    /// <summary>When set, sent to the app as <c>dapr-api-token</c> on every call the sidecar makes to it.</summary>
    public string? AppApiToken { get; init; }

    /// <summary>How long to wait for the app's port before the sidecar reports itself unhealthy.</summary>
    public TimeSpan AppStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;
}
