using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using GoLive.Webhooks.Endpoints;
using GoLive.Webhooks.Signing;
using Microsoft.Extensions.Options;

namespace GoLive.Webhooks.Deliveries;

/// <summary>One signed HTTP attempt. Redirects are not followed (3xx is a failure); the connection is refused when any
/// address the host resolves to is not allowed by the <see cref="TargetGuard"/>.</summary>
internal sealed class WebhookSender(HttpClient http, TimeProvider time, IOptions<WebhooksOptions> options)
{
    public const string HttpClientName = "webhooks";

    /// <summary>The handler for the named client: no redirects, no cookies, guarded connections.</summary>
    public static SocketsHttpHandler CreateHandler(TargetGuard guard) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.Where(a => guard.RefuseAddress(a) is null).ToArray();
            if (allowed.Length == 0 || allowed.Length != addresses.Length)
            {
                throw new HttpRequestException($"Target {context.DnsEndPoint.Host} resolves to an address that is not allowed.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public async Task<AttemptResult> SendAsync(WebhookEndpoint endpoint, WebhookMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(message.Body);
        var keys = endpoint.SigningSecrets(now).Select(s => WebhookSecret.TryParse(s, out var key) ? key : throw new InvalidOperationException("Stored secret is malformed.")).ToList();

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSigner.IdHeader, message.Id);
        request.Headers.TryAddWithoutValidation(WebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSigner.SignatureHeader, WebhookSigner.Sign(message.Id, timestamp, body, keys));
        request.Headers.UserAgent.ParseAdd("GoLive-Webhooks/1.0");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.AttemptTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return AttemptResult.From(response, now, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(AttemptOutcome.Failed, null, "Timed out.", null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Connection refused, TLS, refused address, malformed response: a failed attempt like any other.
            return new AttemptResult(AttemptOutcome.Failed, null, ex.Message, null, Stopwatch.GetElapsedTime(started));
        }
    }
}

/// <summary>How an attempt ended, and for how long the receiver asked us to wait.</summary>
internal sealed record AttemptResult(AttemptOutcome Outcome, int? StatusCode, string? Error, TimeSpan? RetryAfter, TimeSpan Duration)
{
    internal static AttemptResult From(HttpResponseMessage response, DateTimeOffset now, TimeSpan duration)
    {
        var status = (int)response.StatusCode;
        return status switch
        {
            >= 200 and < 300 => new(AttemptOutcome.Succeeded, status, null, null, duration),
            410 => new(AttemptOutcome.Gone, status, "The endpoint answered 410 Gone.", null, duration),
            429 or 502 or 504 => new(AttemptOutcome.Throttled, status, $"HTTP {status}", RetryAfterOf(response, now), duration),
            >= 300 and < 400 => new(AttemptOutcome.Failed, status, "Redirects are not followed.", null, duration),
            _ => new(AttemptOutcome.Failed, status, $"HTTP {status}", null, duration),
        };
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
