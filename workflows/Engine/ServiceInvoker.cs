using System.Net.Http.Headers;
using System.Text.Json;
using GoLive.DaprAccess.Sidecar;

namespace GoLive.Workflows;

/// <summary>
/// Calls another app's method through this app's sidecar (<c>/v1.0/invoke/{appId}/method/{method}</c>), the way Dapr
/// recommends: plain HTTP to the sidecar, with the shared sidecar client (address and token from the standard settings).
/// </summary>
internal sealed class ServiceInvoker(IHttpClientFactory clients, SidecarEndpoint sidecar)
{
    public async Task<JsonElement?> PostAsync(string appId, string method, JsonElement? input, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, sidecar.Invoke(appId, method))
        {
            Content = new StringContent(input?.GetRawText() ?? "null", new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await clients.CreateSidecarClient().SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{appId}/{method} answered {(int)response.StatusCode}: {(body.Length <= 300 ? body : body[..300] + "…")}");
        if (body.Length == 0) return null;
        // A JSON answer is the step's output as is; any other text becomes a JSON string.
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        return mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase)
            ? JsonDocument.Parse(body).RootElement.Clone()
            : JsonSerializer.SerializeToElement(body);
    }
}
