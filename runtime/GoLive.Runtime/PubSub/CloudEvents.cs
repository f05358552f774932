using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GoLive.Runtime.PubSub;

/// <summary>What a publisher hands the sidecar, with the context daprd adds to the envelope.</summary>
public sealed record Publication(
    string PubsubName, string Topic, ReadOnlyMemory<byte> Data, string? ContentType,
    IReadOnlyDictionary<string, string> Metadata, string PublisherAppId, string? TraceParent, string? TraceState);

/// <summary>Wraps published data in a CloudEvent 1.0 envelope the way daprd does.</summary>
public static class CloudEvents
{
    public const string MediaType = "application/cloudevents+json";
    private const string OverridePrefix = "cloudevent.";
    private static readonly string[] ReservedOverrides = ["id", "source", "type", "subject", "specversion", "time", "datacontenttype", "traceparent", "tracestate"];

    public static bool IsRawPayload(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue("rawPayload", out var raw) && bool.TryParse(raw, out var isRaw) && isRaw;

    public static byte[] Wrap(Publication publication, DateTimeOffset now)
    {
        var contentType = string.IsNullOrEmpty(publication.ContentType) ? GuessContentType(publication.Data.Span) : publication.ContentType;
        JsonDocument? existing = null;
        if (contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase))
        {
            try { existing = JsonDocument.Parse(publication.Data); }
            catch (JsonException e) { throw Sidecar.DaprErrors.Malformed($"the event is declared {MediaType} but is not valid JSON: {e.Message}"); }
            if (existing.RootElement.ValueKind != JsonValueKind.Object)
                throw Sidecar.DaprErrors.Malformed($"the event is declared {MediaType} but is not a JSON object");
        }
        using (existing)
        {
            var fields = EnvelopeFields(publication, existing?.RootElement, contentType, now);
            var buffer = new ArrayBufferWriter<byte>(publication.Data.Length + 512);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var (name, value) in fields) writer.WriteString(name, value);
                if (existing is not null)
                {
                    foreach (var property in existing.RootElement.EnumerateObject())
                        if (!fields.ContainsKey(property.Name)) property.WriteTo(writer);
                }
                else
                {
                    WriteData(writer, publication.Data, contentType);
                }
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
    }

    /// <summary>The string fields of the envelope: daprd's defaults, then the existing event's values, then <c>cloudevent.*</c> overrides.</summary>
    private static Dictionary<string, string> EnvelopeFields(Publication p, JsonElement? existing, string contentType, DateTimeOffset now)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = p.PublisherAppId,
            ["type"] = "com.dapr.event.sent",
            ["specversion"] = "1.0",
            ["datacontenttype"] = existing is null ? contentType : "application/json",
            ["time"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (existing is { } e)
        {
            foreach (var property in e.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && fields.ContainsKey(property.Name))
                    fields[property.Name] = property.Value.GetString()!;
            }
        }

        fields["topic"] = p.Topic;
        fields["pubsubname"] = p.PubsubName;
        var traceParent = p.TraceParent ?? NewTraceParent();
        fields["traceparent"] = traceParent;
        fields["traceid"] = traceParent;
        if (p.TraceState is { Length: > 0 } state) fields["tracestate"] = state;
        foreach (var (key, value) in p.Metadata)
        {
            if (!key.StartsWith(OverridePrefix, StringComparison.Ordinal)) continue;
            var name = key[OverridePrefix.Length..];
            if (name.Length > 0 && (ReservedOverrides.Contains(name) || !fields.ContainsKey(name))) fields[name] = value;
        }
        if (p.Metadata.TryGetValue("ttlInSeconds", out var ttlText))
        {
            if (!int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl))
                throw Sidecar.DaprErrors.Malformed($"ttlInSeconds must be a non-negative integer, got '{ttlText}'");
            fields["expiration"] = now.AddSeconds(ttl).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        return fields;
    }

    private static void WriteData(Utf8JsonWriter writer, ReadOnlyMemory<byte> data, string contentType)
    {
        if (data.IsEmpty) return;
        if (IsJson(contentType) && IsValidJson(data.Span))
        {
            writer.WritePropertyName("data");
            writer.WriteRawValue(data.Span, skipInputValidation: true);
        }
        else if (!contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase) && System.Text.Unicode.Utf8.IsValid(data.Span))
        {
            writer.WriteString("data", data.Span);
        }
        else
        {
            writer.WriteBase64String("data_base64", data.Span);
        }
    }

    /// <summary>The envelope daprd builds around a raw (non-CloudEvent) message for a <c>rawPayload</c> subscription.</summary>
    public static byte[] FromRawPayload(ReadOnlySpan<byte> data, string pubsubName, string topic)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length * 4 / 3 + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", Guid.NewGuid().ToString());
            writer.WriteString("source", "pubsub");
            writer.WriteString("type", "com.dapr.event.sent");
            writer.WriteString("specversion", "1.0");
            writer.WriteString("datacontenttype", "application/octet-stream");
            writer.WriteString("topic", topic);
            writer.WriteString("pubsubname", pubsubName);
            writer.WriteBase64String("data_base64", data);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] WithoutExpiration(JsonElement cloudEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in cloudEvent.EnumerateObject())
                if (property.Name != "expiration") property.WriteTo(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static string NewTraceParent()
    {
        Span<byte> ids = stackalloc byte[24];
        Random.Shared.NextBytes(ids);
        return $"00-{Convert.ToHexStringLower(ids[..16])}-{Convert.ToHexStringLower(ids[16..])}-01";
    }

    private static string GuessContentType(ReadOnlySpan<byte> data) => IsValidJson(data) ? "application/json" : "text/plain";

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);

    private static bool IsValidJson(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return false;
        var reader = new Utf8JsonReader(data);
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
