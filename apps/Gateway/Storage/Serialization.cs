using System.Text.Json;

namespace GoLive.Gateway.Storage;

/// <summary>The JSON shape of stored values: the same web defaults the Dapr client reads them with.</summary>
internal static class Serialization
{
    public static readonly JsonSerializerOptions Options = JsonSerializerOptions.Web;
}
