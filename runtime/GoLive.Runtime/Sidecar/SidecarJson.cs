using System.Text.Json.Serialization;
using GoLive.Runtime.Metadata;

namespace GoLive.Runtime.Sidecar;

/// <summary>Source-generated JSON for the sidecar's own answers (errors, metadata): no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DaprErrorBody))]
[JsonSerializable(typeof(MetadataBody))]
internal sealed partial class SidecarJson : JsonSerializerContext;
