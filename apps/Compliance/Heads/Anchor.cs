using System.Text;
using System.Text.Json;
using Dapr.Client;
using GoLive.Compliance.Log;

namespace GoLive.Compliance.Heads;

/// <summary>Sends signed tree heads to an external witness (transparency log, notary, chain gateway).</summary>
internal interface IAnchor
{
    /// <summary>The receipt, or null when no anchor is configured.</summary>
    Task<AnchorReceipt?> SendAsync(SignedTreeHead head, CancellationToken cancellationToken = default);
}

/// <summary>
/// Anchors through the Dapr output binding <c>anchor</c> (operation <c>create</c>, the head as JSON) when a component of
/// that name is loaded; without one, heads are simply not anchored. Which witness it is lives only in YAML.
/// </summary>
internal sealed partial class BindingAnchor(DaprClient dapr, TimeProvider time, ILogger<BindingAnchor> logger) : IAnchor
{
    public const string BindingName = "anchor";
    private bool? _configured;

    public async Task<AnchorReceipt?> SendAsync(SignedTreeHead head, CancellationToken cancellationToken = default)
    {
        _configured ??= (await dapr.GetMetadataAsync(cancellationToken)).Components
            .Any(c => c.Name == BindingName && c.Type.StartsWith("bindings.", StringComparison.Ordinal));
        if (_configured is false) return null;

        var request = new BindingRequest(BindingName, "create")
        {
            Data = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(head with { Anchor = null }, ComplianceJson.Options)),
        };
        var response = await dapr.InvokeBindingAsync(request, cancellationToken);
        LogAnchored(head.TreeSize);
        return new AnchorReceipt(BindingName, time.GetUtcNow(), response.Data.Length > 0 ? Encoding.UTF8.GetString(response.Data.Span) : null,
            response.Metadata.Count > 0 ? new Dictionary<string, string>(response.Metadata) : null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tree head of size {TreeSize} anchored")]
    partial void LogAnchored(long treeSize);
}
