using System.Net;
using System.Net.Http.Json;
using GoLive.DaprAccess.Sidecar;
using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Requests;

/// <summary>What the <c>DataSubjectRequest</c> workflow is started with (instance id = request id).</summary>
internal sealed record WorkflowInput(string RequestId, RequestType Type, string SubjectId, string Email);

/// <summary>Starts and purges <c>DataSubjectRequest</c> workflow instances in the workflows app.</summary>
internal interface IWorkflowLauncher
{
    /// <summary>Idempotent: starting an instance that exists answers as a success.</summary>
    Task StartAsync(WorkflowInput input, CancellationToken cancellationToken);

    /// <summary>Deletes a finished instance (its input names the subject); false while it still runs.</summary>
    Task<bool> PurgeAsync(string requestId, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IWorkflowLauncher"/> through Dapr service invocation of the workflows app's management API: plain HTTP to
/// this app's sidecar (<c>/v1.0/invoke/{appId}/method/...</c>) with the shared sidecar client, as Dapr recommends over the
/// SDK's invocation helpers.
/// </summary>
internal sealed class DaprWorkflowLauncher(IHttpClientFactory clients, SidecarEndpoint sidecar, IOptions<RequestOptions> options) : IWorkflowLauncher
{
    public const string WorkflowName = "DataSubjectRequest";

    public async Task StartAsync(WorkflowInput input, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"v1/workflows/{WorkflowName}");
        request.Content = JsonContent.Create(new { instanceId = input.RequestId, input });
        using var response = await clients.CreateSidecarClient().SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) throw await FailureAsync(response, "Starting", input.RequestId, cancellationToken);
    }

    public async Task<bool> PurgeAsync(string requestId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, $"v1/workflows/instances/{Uri.EscapeDataString(requestId)}");
        using var response = await clients.CreateSidecarClient().SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict) return false;
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound) return true;
        throw await FailureAsync(response, "Purging", requestId, cancellationToken);
    }

    // The sidecar client adds the API token.
    private HttpRequestMessage Request(HttpMethod method, string path) => new(method, sidecar.Invoke(options.Value.WorkflowsAppId, path));

    private static async Task<HttpRequestException> FailureAsync(HttpResponseMessage response, string what, string id, CancellationToken cancellationToken) =>
        new($"{what} workflow {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
}
