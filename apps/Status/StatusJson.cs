using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoLive.Status;

/// <summary>
/// How Status writes its state documents (incidents, maintenance, metric buckets): web defaults with snake_case enums,
/// as its HTTP API. Keep it stable: stored documents are read back with it.
/// </summary>
internal static class StatusJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { EnumConverter() } };

    /// <summary>Enums as snake_case strings (<c>major_outage</c>), in stored documents and on the wire.</summary>
    public static JsonStringEnumConverter EnumConverter() => new(JsonNamingPolicy.SnakeCaseLower);
}
