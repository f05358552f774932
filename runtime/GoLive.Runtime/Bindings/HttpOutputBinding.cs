using GoLive.Runtime.Components;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bindings;

/// <summary>
/// <c>bindings.http</c>: one HTTP call per invocation to <c>url</c> + metadata <c>path</c>; capitalised request metadata
/// keys become headers. The answer's status and headers come back as metadata; a non-2xx answer is an error unless
/// <c>errorIfNot2XX</c> is false. Redirects are not followed.
/// </summary>
internal sealed class HttpOutputBinding : IOutputBinding, IDisposable
{
    private static readonly Dictionary<string, HttpMethod> Methods = new(StringComparer.Ordinal)
    {
        ["get"] = HttpMethod.Get, ["head"] = HttpMethod.Head, ["post"] = HttpMethod.Post, ["create"] = HttpMethod.Post,
        ["put"] = HttpMethod.Put, ["patch"] = HttpMethod.Patch, ["delete"] = HttpMethod.Delete,
        ["options"] = HttpMethod.Options, ["trace"] = HttpMethod.Trace,
    };

    private readonly string _name;
    private readonly Uri _url;
    private readonly bool _errorIfNot2xx;
    private readonly long _maxResponseBytes;
    private readonly HttpClient _client;

    public HttpOutputBinding(ComponentContext context)
    {
        _name = context.Spec.Name;
        if (!Uri.TryCreate(context.Require("url"), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw context.Invalid("metadata 'url' must be an absolute http(s) URL");
        _url = url;
        _errorIfNot2xx = context.GetBool("errorIfNot2XX", true);
        _maxResponseBytes = context.GetInt("maxResponseBodySize", 100 * 1024 * 1024);
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false })
        {
            Timeout = context.GetDuration("responseTimeout", TimeSpan.FromSeconds(100)),
            MaxResponseContentBufferSize = _maxResponseBytes,
        };
    }

    public IReadOnlyList<string> Operations => [.. Methods.Keys];

    public async Task<BindingResult> InvokeAsync(BindingInvocation invocation, CancellationToken cancellationToken)
    {
        if (!Methods.TryGetValue(invocation.Operation.ToLowerInvariant(), out var method))
        {
            throw DaprErrors.Internal("ERR_INVOKE_OUTPUT_BINDING",
                $"error invoking output binding {_name}: binding {_name} does not support operation {invocation.Operation}; supported: {string.Join(", ", Methods.Keys)}");
        }

        using var request = new HttpRequestMessage(method, Target(invocation.Metadata));
        if (!invocation.Data.IsEmpty && method != HttpMethod.Get && method != HttpMethod.Head)
            request.Content = new ReadOnlyMemoryContent(invocation.Data);
        foreach (var (key, value) in invocation.Metadata)
        {
            // As in daprd, only capitalised keys are headers; the rest (path, ttlInSeconds, …) are settings.
            if (key.Length == 0 || !char.IsUpper(key[0])) continue;
            if (!request.Headers.TryAddWithoutValidation(key, value) && request.Content is not null)
                request.Content.Headers.TryAddWithoutValidation(key, value);
        }
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw DaprErrors.Internal("ERR_INVOKE_OUTPUT_BINDING", $"error invoking output binding {_name}: {e.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (_errorIfNot2xx && !response.IsSuccessStatusCode)
                throw DaprErrors.Internal("ERR_INVOKE_OUTPUT_BINDING", $"error invoking output binding {_name}: received status code {status}");
            return new BindingResult(body, ResponseMetadata(response, status));
        }
    }

    private Uri Target(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue("path", out var path) && path.Length > 0
            ? new Uri(_url.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'))
            : _url;

    private static Dictionary<string, string> ResponseMetadata(HttpResponseMessage response, int status)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["statusCode"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["status"] = $"{status} {response.ReasonPhrase}",
        };
        foreach (var header in response.Headers.Concat(response.Content.Headers)) metadata[header.Key] = string.Join(", ", header.Value);
        return metadata;
    }

    public void Dispose() => _client.Dispose();
}
