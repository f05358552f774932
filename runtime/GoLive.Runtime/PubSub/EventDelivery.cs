using System.Net;
using System.Text.Json;
using GoLive.Runtime.Resiliency;
using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.PubSub;

public enum DeliveryOutcome { Success, Retry, Drop }

/// <summary>
/// Delivers one subscription's messages to the app as daprd does: route by rules, POST as
/// <c>application/cloudevents+json</c>, retry by the component's inbound policy, and send what cannot be delivered
/// (dropped, retries exhausted, unparseable, expired, unroutable) to the dead-letter topic when there is one.
/// </summary>
internal sealed class EventDelivery
{
    private readonly SidecarContext _sidecar;
    private readonly IPubSubBroker _broker;
    private readonly IReadOnlyList<(RouteExpression Match, string Path)> _rules;
    private readonly RetryPolicy _retry;
    private readonly ILogger _logger;
    private readonly BulkDelivery? _bulk;
    private readonly bool _rawPayload;

    public EventDelivery(SubscriptionSpec spec, IPubSubBroker broker, SidecarContext sidecar, RetryPolicy retry, ILogger logger)
    {
        Spec = spec;
        _broker = broker;
        _sidecar = sidecar;
        _retry = retry;
        _logger = logger;
        _rules = spec.Rules.Where(r => r.Match.Length > 0).Select(r => (RouteExpression.Parse(r.Match), r.Path)).ToArray();
        _rawPayload = CloudEvents.IsRawPayload(spec.Metadata);
        if (spec.Bulk is { Enabled: true } bulk) _bulk = new BulkDelivery(this, bulk, sidecar.Time);
    }

    public SubscriptionSpec Spec { get; }
    internal RetryPolicy Retry => _retry;
    internal TimeProvider Time => _sidecar.Time;
    internal AppChannel Channel => _sidecar.Channel!;

    public async Task HandleAsync(BrokerMessage message, CancellationToken cancellationToken)
    {
        var envelope = _rawPayload ? CloudEvents.FromRawPayload(message.Data.Span, Spec.PubsubName, Spec.Topic) : message.Data.ToArray();
        string? path;
        string? traceParent;
        try
        {
            using var document = JsonDocument.Parse(envelope);
            var cloudEvent = document.RootElement;
            if (cloudEvent.ValueKind != JsonValueKind.Object) throw new JsonException("not a JSON object");
            if (IsExpired(cloudEvent))
            {
                // The dead-letter copy must not expire in turn, or it would never reach the dead-letter subscriber.
                await DeadLetterAsync(CloudEvents.WithoutExpiration(cloudEvent), "it expired", cancellationToken);
                return;
            }
            path = Route(cloudEvent);
            traceParent = cloudEvent.TryGetProperty("traceparent", out var t) ? t.GetString() : null;
        }
        catch (JsonException e)
        {
            await DeadLetterAsync(envelope, $"it is not a CloudEvent ({e.Message})", cancellationToken);
            return;
        }
        if (path is null)
        {
            await DeadLetterAsync(envelope, "no route matches it", cancellationToken);
            return;
        }
        if (_bulk is not null)
        {
            await _bulk.DeliverAsync(envelope, path, cancellationToken);
            return;
        }
        for (var retry = 1; ; retry++)
        {
            var outcome = await PostAsync(path, envelope, traceParent, cancellationToken);
            if (outcome == DeliveryOutcome.Success) return;
            if (outcome == DeliveryOutcome.Drop)
            {
                await DeadLetterAsync(envelope, "the app dropped it", cancellationToken);
                return;
            }
            if (_retry.DelayBefore(retry) is not { } delay)
            {
                // Without a dead-letter topic the message stays unacknowledged: a broker that redelivers (Redis
                // Streams) tries again later, as with daprd; the in-memory broker logs it as lost.
                if (Spec.DeadLetterTopic is null)
                    throw new DeliveryFailedException($"delivery of an event of {Spec.Topic} to {_sidecar.AppId} failed after {retry} attempts");
                await DeadLetterAsync(envelope, $"it was retried {retry - 1} times", cancellationToken);
                return;
            }
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _sidecar.Time, cancellationToken);
        }
    }

    private string? Route(JsonElement cloudEvent)
    {
        foreach (var (match, path) in _rules)
            if (match.Matches(cloudEvent)) return path;
        return Spec.DefaultPath ?? Spec.Rules.FirstOrDefault(r => r.Match.Length == 0)?.Path;
    }

    private bool IsExpired(JsonElement cloudEvent) =>
        cloudEvent.TryGetProperty("expiration", out var expiration)
        && DateTimeOffset.TryParse(expiration.GetString(), out var at)
        && at <= _sidecar.Time.GetUtcNow();

    internal async Task<DeliveryOutcome> PostAsync(string path, byte[] body, string? traceParent, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", CloudEvents.MediaType);
            request.Headers.TryAddWithoutValidation("pubsubname", Spec.PubsubName);
            if (traceParent is not null) request.Headers.TryAddWithoutValidation("traceparent", traceParent);
            using var response = await _sidecar.Channel!.Client.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                _logger.LogWarning("App {AppId} answered 404 for route /{Path} of {Topic}: dropping the event", _sidecar.AppId, path, Spec.Topic);
                return DeliveryOutcome.Drop;
            }
            if (!response.IsSuccessStatusCode) return DeliveryOutcome.Retry;
            return ParseStatus(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning(e, "Delivering {Topic} to {AppId} failed", Spec.Topic, _sidecar.AppId);
            return DeliveryOutcome.Retry;
        }
    }

    /// <summary>Reads <c>{"status": "SUCCESS|RETRY|DROP"}</c>; an empty or non-JSON 2xx body is a success, as in daprd.</summary>
    internal static DeliveryOutcome ParseStatus(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return DeliveryOutcome.Success;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("status", out var status))
                return DeliveryOutcome.Success;
            return ToOutcome(status.GetString());
        }
        catch (JsonException)
        {
            return DeliveryOutcome.Success;
        }
    }

    internal static DeliveryOutcome ToOutcome(string? status) => status?.ToUpperInvariant() switch
    {
        "SUCCESS" or "" or null => DeliveryOutcome.Success,
        "DROP" => DeliveryOutcome.Drop,
        _ => DeliveryOutcome.Retry,
    };

    internal async Task DeadLetterAsync(byte[] envelope, string reason, CancellationToken cancellationToken)
    {
        if (Spec.DeadLetterTopic is not { Length: > 0 } deadLetter)
        {
            _logger.LogWarning("Dropped an event of {PubSub}/{Topic} for {AppId}: {Reason}", Spec.PubsubName, Spec.Topic, _sidecar.AppId, reason);
            return;
        }
        _logger.LogInformation("Sending an event of {Topic} to dead-letter topic {DeadLetterTopic}: {Reason}", Spec.Topic, deadLetter, reason);
        await _broker.PublishAsync(new BrokerMessage(deadLetter, envelope, CloudEvents.MediaType, new Dictionary<string, string>()), cancellationToken);
    }

    public ValueTask DisposeAsync() => _bulk?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>An event the app did not accept within its retries, left unacknowledged for the broker to redeliver.</summary>
public sealed class DeliveryFailedException(string message) : Exception(message);
