using Microsoft.Extensions.Configuration;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Client;

namespace GoLive.Flags.Client;

/// <summary>Where a client loads its snapshot from.</summary>
public interface IFlagSnapshotSource
{
    Task<FlagSnapshot> GetSnapshotAsync(CancellationToken cancellationToken);
}

/// <summary>Loads <c>GET /v1/snapshot</c> from the Flags app through Dapr service invocation.</summary>
internal sealed class DaprFlagSnapshotSource(FlagsClientOptions options, IConfiguration configuration) : IFlagSnapshotSource, IDisposable
{
    // The SDK's invoke client (base address http://{appId}, routed through the sidecar), on the sidecar the app's
    // configuration names, as AddDaprClient does: DAPR_HTTP_ENDPOINT, else DAPR_HTTP_PORT on loopback.
    private readonly HttpClient _http = DaprClient.CreateInvokeHttpClient(
        options.AppId, SidecarEndpoint(configuration), configuration["DAPR_API_TOKEN"]);

    public async Task<FlagSnapshot> GetSnapshotAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<FlagSnapshot>("v1/snapshot", JsonSerializerOptions.Web, cancellationToken)
        ?? throw new InvalidOperationException("The Flags app answered an empty snapshot.");

    public void Dispose() => _http.Dispose();

    private static string SidecarEndpoint(IConfiguration configuration) =>
        configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint
            ? endpoint
            : "http://127.0.0.1:" + (configuration["DAPR_HTTP_PORT"] is { Length: > 0 } port ? port : "3500");
}

public sealed class FlagsClientOptions
{
    /// <summary>The Flags app's Dapr app id.</summary>
    public string AppId { get; set; } = "flags";

    public string PubSubName { get; set; } = "pubsub";
    public string Topic { get; set; } = "flags-events";

    /// <summary>The route the change subscription is mapped to in the host app.</summary>
    public string Route { get; set; } = "/flags-client/changes";

    /// <summary>How often the full snapshot is reloaded as a safety net behind the change events.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How soon a failed load is retried (the client is stale meanwhile).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);
}
