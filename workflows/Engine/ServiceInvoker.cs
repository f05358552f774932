using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace GoLive.Workflows;

/// <summary>
/// Calls another app's method through this app's sidecar (<c>/v1.0/invoke/{appId}/method/{method}</c>), the way Dapr
/// recommends: plain HTTP to the sidecar. The sidecar address and token come from the standard Dapr settings.
/// </summary>
internal sealed class ServiceInvoker(IConfiguration configuration) : IDisposable
{
    readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };

    string Endpoint => (configuration["DAPR_HTTP_ENDPOINT"] is { Length: > 0 } endpoint
        ? endpoint
        : $"http://127.0.0.1:{configuration["DAPR_HTTP_PORT"] ?? "3500"}").TrimEnd('/');

    public async Task<JsonElement?> PostAsync(string appId, string method, JsonElement? input, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Endpoint}/v1.0/invoke/{Uri.EscapeDataString(appId)}/method/{method.TrimStart('/')}")
        {
            Content = new StringContent(input?.GetRawText() ?? "null", new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (configuration["DAPR_API_TOKEN"] is { Length: > 0 } token) request.Headers.Add("dapr-api-token", token);
        using var response = await _http.SendAsync(request, cancellationToken);
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

    public void Dispose() => _http.Dispose();
}
