using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoLive.Runtime.Actors;

/// <summary>Source-generated JSON for what the actor runtime stores and sends: no reflection, so it runs under NativeAOT.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReminderRecord))]
[JsonSerializable(typeof(RemindBody))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ActorJson : JsonSerializerContext;

/// <summary>The reminder as <c>GET …/reminders/{name}</c> answers it: every field present, nulls included, as daprd does.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReminderView))]
internal sealed partial class ReminderViewJson : JsonSerializerContext;

/// <summary>The body the app receives when a reminder fires.</summary>
internal sealed record RemindBody(JsonElement? Data, string DueTime, string Period);

internal sealed record ReminderView(string ActorType, string ActorId, string Name, string DueTime, string Period, string? Ttl, JsonElement? Data);
