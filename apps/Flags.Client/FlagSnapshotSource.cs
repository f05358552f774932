using System.Net.Http.Json;
using System.Text.Json;
using GoLive.DaprAccess;
using GoLive.DaprAccess.Sidecar;

namespace GoLive.Flags.Client;

/// <summary>Where a client loads its snapshot from.</summary>
public interface IFlagSnapshotSource
{
    Task<FlagSnapshot> GetSnapshotAsync(CancellationToken cancellationToken);
}

/// <summary>Loads <c>GET /v1/snapshot</c> from the Flags app through Dapr service invocation (the shared sidecar client).</summary>
internal sealed class DaprFlagSnapshotSource(FlagsClientOptions options, IHttpClientFactory clients, SidecarEndpoint sidecar) : IFlagSnapshotSource
{
    public async Task<FlagSnapshot> GetSnapshotAsync(CancellationToken cancellationToken) =>
        await clients.CreateSidecarClient().GetFromJsonAsync<FlagSnapshot>(sidecar.Invoke(options.AppId, "v1/snapshot"), JsonSerializerOptions.Web,
            cancellationToken)
        ?? throw new InvalidOperationException("The Flags app answered an empty snapshot.");
}

public sealed class FlagsClientOptions
{
    /// <summary>The Flags app's Dapr app id.</summary>
    public string AppId { get; set; } = "flags";

    public string PubSubName { get; set; } = Components.PubSub;
    public string Topic { get; set; } = Topics.FlagsEvents;

    /// <summary>The route the change subscription is mapped to in the host app.</summary>
    public string Route { get; set; } = "/flags-client/changes";

    /// <summary>How often the full snapshot is reloaded as a safety net behind the change events.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How soon a failed load is retried (the client is stale meanwhile).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);
}
