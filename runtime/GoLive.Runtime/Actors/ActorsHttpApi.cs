using System.Text.Json;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Actors;

/// <summary>
/// The actor API under <c>/v1.0/actors/{type}/{id}/</c>: method invocation (routed to the instance that hosts the id),
/// state (get, transaction), reminders and timers. The .NET SDK requests these as <c>//v1.0/…</c>; the pipeline folds that.
/// </summary>
internal static class ActorsHttpApi
{
    private const string Prefix = "/v1.0/actors/{actorType}/{actorId}";

    public static void AddActorServices(IServiceCollection services)
    {
        services.AddSingleton<ActorHost>();
        services.AddSingleton<ISidecarFeature>(sp => sp.GetRequiredService<ActorHost>());
    }

    public static void MapActorsApi(this IEndpointRouteBuilder api)
    {
        api.MapMethods(Prefix + "/method/{**method}", ["PUT", "POST", "GET", "DELETE"], InvokeAsync);
        api.MapGet(Prefix + "/state/{key}", GetStateAsync);
        api.MapMethods(Prefix + "/state", ["PUT", "POST"], TransactStateAsync);
        api.MapMethods(Prefix + "/reminders/{name}", ["PUT", "POST"], SetReminderAsync);
        api.MapGet(Prefix + "/reminders/{name}", GetReminder);
        api.MapDelete(Prefix + "/reminders/{name}", DeleteReminderAsync);
        api.MapMethods(Prefix + "/timers/{name}", ["PUT", "POST"], SetTimerAsync);
        api.MapDelete(Prefix + "/timers/{name}", DeleteTimer);
    }

    private static ActorHost Host(SidecarContext sidecar, string actorType, string actorId) =>
        sidecar.Apps.Actors.Locate(actorType, actorId) ?? throw ActorErrors.NotHosted(actorType, actorId);

    private static async Task InvokeAsync(string actorType, string actorId, string method, HttpContext http, SidecarContext sidecar)
    {
        var host = Host(sidecar, actorType, actorId);
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var headers = http.Request.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? ""))).ToArray();
        var reentrancy = http.Request.Headers[ActorErrors.ReentrancyHeader].FirstOrDefault();
        var reply = await host.InvokeAsync(new ActorCall(actorType, actorId, "method/" + method, body.ToArray(), headers, reentrancy), http.RequestAborted);
        http.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers) http.Response.Headers.Append(name, value);
        await http.Response.Body.WriteAsync(reply.Body, http.RequestAborted);
    }

    private static ActorStateStore StateOf(ActorHost self) => self.State ?? throw ActorErrors.RuntimeNotFound();

    private static async Task GetStateAsync(string actorType, string actorId, string key, HttpContext http, SidecarContext sidecar, ActorHost self)
    {
        var entry = await StateOf(self).GetAsync(sidecar.AppId, actorType, actorId, key, http.RequestAborted);
        if (entry is null)
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        if (StateService.TtlExpireTime(entry) is { } expires) http.Response.Headers["Metadata.ttlExpireTime"] = expires;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(entry.Value, http.RequestAborted);
    }

    private static async Task<IResult> TransactStateAsync(string actorType, string actorId, HttpContext http, SidecarContext sidecar, ActorHost self)
    {
        using var operations = await ReadJsonAsync(http);
        await StateOf(self).TransactAsync(sidecar.AppId, actorType, actorId, operations.RootElement, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> SetReminderAsync(string actorType, string actorId, string name, HttpContext http, SidecarContext sidecar)
    {
        using var body = await ReadJsonAsync(http);
        var reminders = Host(sidecar, actorType, actorId).Reminders ?? throw ActorErrors.RuntimeNotFound();
        var root = body.RootElement;
        await reminders.SetAsync(actorType, actorId, name, Text(root, "dueTime"), Text(root, "period"), Text(root, "ttl"),
            root.TryGetProperty("data", out var data) ? data.Clone() : null, http.RequestAborted);
        return Results.NoContent();
    }

    private static IResult GetReminder(string actorType, string actorId, string name, SidecarContext sidecar)
    {
        var reminders = Host(sidecar, actorType, actorId).Reminders ?? throw ActorErrors.RuntimeNotFound();
        var record = reminders.Get(actorType, actorId, name) ?? throw ActorErrors.ReminderNotFound(name);
        return Results.Json(new ReminderView(record.ActorType, record.ActorId, record.Name, record.DueTime ?? "", record.Period ?? "", record.Ttl, record.Data),
            ReminderViewJson.Default.ReminderView);
    }

    private static async Task<IResult> DeleteReminderAsync(string actorType, string actorId, string name, HttpContext http, SidecarContext sidecar)
    {
        var reminders = Host(sidecar, actorType, actorId).Reminders ?? throw ActorErrors.RuntimeNotFound();
        await reminders.DeleteAsync(actorType, actorId, name, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> SetTimerAsync(string actorType, string actorId, string name, HttpContext http, SidecarContext sidecar)
    {
        using var body = await ReadJsonAsync(http);
        var root = body.RootElement;
        var schedule = ActorSchedule.Parse(Text(root, "dueTime"), Text(root, "period"), Text(root, "ttl"));
        Host(sidecar, actorType, actorId).SetTimer(actorType, actorId, name, schedule, root.Clone());
        return Results.NoContent();
    }

    private static IResult DeleteTimer(string actorType, string actorId, string name, SidecarContext sidecar)
    {
        Host(sidecar, actorType, actorId).DeleteTimer(actorType, actorId, name);
        return Results.NoContent();
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<JsonDocument> ReadJsonAsync(HttpContext http)
    {
        try { return await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted); }
        catch (JsonException e) { throw DaprErrors.Malformed($"invalid JSON: {e.Message}"); }
    }

}
