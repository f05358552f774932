using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using GoLive.Runtime.Resiliency;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.State;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace GoLive.Runtime.Actors;

/// <summary>
/// The actor runtime of one app instance: reads the app's actor types from <c>GET /dapr/config</c>, registers them with
/// the placement table, runs calls one turn at a time per actor id, keeps timers, and deactivates idle actors.
/// </summary>
internal sealed class ActorHost(SidecarContext sidecar, ILogger<ActorHost> logger) : ISidecarFeature
{
    private static readonly string[] SkippedRequestHeaders = ["Host", "Content-Length", "Connection", "Transfer-Encoding", "dapr-api-token", "Expect"];
    private static readonly string[] SkippedResponseHeaders = ["Content-Length", "Connection", "Transfer-Encoding", "Server", "Date", "Keep-Alive"];

    private readonly ConcurrentDictionary<(string Type, string Id), ActiveActor> _active = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _scan = Task.CompletedTask;

    public string AppId => sidecar.AppId;
    /// <summary>Identifies this instance among instances of the same app id (placement hashes on it).</summary>
    public string InstanceKey { get; } = Guid.NewGuid().ToString("N");
    public ActorConfig Config { get; private set; } = ActorConfig.None;
    public ActorStateStore? State { get; private set; }
    public ActorReminders? Reminders { get; private set; }
    public int ActiveCount => _active.Count;
    public IEnumerable<(string Type, int Count)> ActiveByType => _active.Keys.GroupBy(k => k.Type).Select(g => (g.Key, g.Count()));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (sidecar.Channel is not { } channel) return;
        using var response = await channel.Client.GetAsync("dapr/config", cancellationToken);
        if (!response.IsSuccessStatusCode) return; // no actors in this app
        Config = ActorConfig.Parse(await response.Content.ReadFromJsonOrNullAsync(cancellationToken));
        if (Config.Entities.Count == 0) return;
        var store = ActorStateStore.Find(sidecar);
        if (store is null)
        {
            logger.LogError("App {AppId} hosts actors ({Types}) but none of its state stores sets actorStateStore: \"true\"; actor calls will fail",
                AppId, string.Join(", ", Config.Entities));
            return;
        }
        State = store;
        Reminders = sidecar.Apps.Actors.RemindersFor(AppId, () => new ActorReminders(AppId, store.Store, sidecar.Apps.Actors, sidecar.Time,
            sidecar.LoggerFactory.CreateLogger<ActorReminders>()));
        sidecar.Apps.Actors.Register(this, Config.Entities);
        await Reminders.StartAsync(cancellationToken);
        _scan = DeactivateIdleAsync(_stop.Token);
        logger.LogInformation("App {AppId} hosts actor types {Types} (idle timeout {Idle}, reentrancy {Reentrancy})",
            AppId, string.Join(", ", Config.Entities), Config.IdleTimeout, Config.Reentrancy);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        sidecar.Apps.Actors.Unregister(this);
        await _stop.CancelAsync();
        await _scan;
        foreach (var actor in _active.Values) actor.StopTimers();
        if (Reminders is { } reminders && !sidecar.Apps.Actors.HostsApp(AppId) && sidecar.Apps.Actors.TryRemoveReminders(AppId, reminders))
            await reminders.StopAsync();
    }

    /// <summary>
    /// Runs one call on the actor in its turn, activating it on first use, under the actor type's resiliency policy when
    /// there is one: each attempt bounded by the timeout and guarded by the circuit breakers, failures retried. A failure is
    /// no answer (app unreachable, timeout) or a 5xx that is not an actor method's exception; an exception thrown by the
    /// actor method is its answer, relayed and never retried.
    /// </summary>
    public async Task<ActorReply> InvokeAsync(ActorCall call, CancellationToken cancellationToken)
    {
        if (sidecar.Catalog.Resiliency.ForActor(call.ActorType) is not { } resiliency) return await InvokeOnceAsync(call, cancellationToken);
        var breakers = resiliency.BreakersFor(call.ActorId);
        try
        {
            return await Pipelines.GetOrAdd(resiliency.Target, target => ComponentCalls.Build(target, e => e is FailedActorReply)).ExecuteAsync(async ct =>
            {
                if (breakers.FirstOrDefault(b => !b.TryAcquire()) is { } open) throw ActorErrors.CircuitOpen(call.ActorType, call.ActorId, open.Policy.Name);
                try
                {
                    var reply = await InvokeOnceAsync(call, ct);
                    if (reply.Status >= 500 && !reply.Headers.Any(h => h.Key.Equals(ActorErrors.ActorExceptionHeader, StringComparison.OrdinalIgnoreCase)))
                        throw new FailedActorReply(reply);
                    foreach (var breaker in breakers) breaker.OnSuccess();
                    return reply;
                }
                catch (Exception e) when (e is FailedActorReply or OperationCanceledException or DaprApiException { Error.Code: not ActorErrors.CircuitOpenCode })
                {
                    foreach (var breaker in breakers) breaker.OnFailure();
                    throw;
                }
            }, cancellationToken);
        }
        catch (FailedActorReply failed) { return failed.Reply; }
        catch (TimeoutRejectedException) { throw ActorErrors.Timeout(call.ActorType, call.ActorId, resiliency.Target.Timeout); }
    }

    private static readonly ConcurrentDictionary<TargetResiliency, ResiliencePipeline> Pipelines = new();

    /// <summary>A 5xx answer the resiliency policy counts as a failure; returned as is once retries run out.</summary>
    private sealed class FailedActorReply(ActorReply reply) : Exception($"actor answered {reply.Status}")
    {
        public ActorReply Reply { get; } = reply;
    }

    private async Task<ActorReply> InvokeOnceAsync(ActorCall call, CancellationToken cancellationToken)
    {
        while (true)
        {
            var actor = _active.GetOrAdd((call.ActorType, call.ActorId), key => new ActiveActor(key.Type, key.Id, Config.For(key.Type)));
            using var turn = await actor.Turns.EnterAsync(call.ReentrancyId, cancellationToken);
            if (actor.Deactivated) continue; // deactivated while this call waited: activate a fresh instance
            actor.LastUsed = sidecar.Time.GetUtcNow();
            return await SendAsync(HttpMethod.Put, call, turn.ReentrancyId, cancellationToken);
        }
    }

    private async Task<ActorReply> SendAsync(HttpMethod method, ActorCall call, string? reentrancyId, CancellationToken cancellationToken)
    {
        var channel = sidecar.Channel ?? throw ActorErrors.NoApp(AppId);
        using var request = new HttpRequestMessage(method, $"actors/{Uri.EscapeDataString(call.ActorType)}/{Uri.EscapeDataString(call.ActorId)}{(call.Path.Length > 0 ? "/" + call.Path : "")}");
        if (method != HttpMethod.Delete) request.Content = new ByteArrayContent(call.Body);
        foreach (var (name, value) in call.Headers)
        {
            if (SkippedRequestHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) || name.Equals(ActorErrors.ReentrancyHeader, StringComparison.OrdinalIgnoreCase)) continue;
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) request.Content?.Headers.TryAddWithoutValidation(name, value);
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        if (request.Content is { } content && content.Headers.ContentType is null) content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (reentrancyId is not null) request.Headers.TryAddWithoutValidation(ActorErrors.ReentrancyHeader, reentrancyId);
        HttpResponseMessage response;
        try { response = await channel.Client.SendAsync(request, cancellationToken); }
        catch (HttpRequestException e) { throw ActorErrors.AppUnreachable(call.ActorType, call.ActorId, e.Message); }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = response.Headers.Concat(response.Content.Headers)
                .Where(h => !SkippedResponseHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
                .Select(h => KeyValuePair.Create(h.Key, string.Join(", ", h.Value))).ToArray();
            return new ActorReply((int)response.StatusCode, headers, body);
        }
    }

    /// <summary>Starts (or replaces) a timer; timers live with the active actor and end with it.</summary>
    public void SetTimer(string actorType, string actorId, string name, ActorSchedule schedule, JsonElement body)
    {
        var actor = _active.GetOrAdd((actorType, actorId), key => new ActiveActor(key.Type, key.Id, Config.For(key.Type)));
        actor.SetTimer(name, schedule, sidecar.Time, async ct =>
        {
            var reply = await InvokeAsync(new ActorCall(actorType, actorId, $"method/timer/{name}", JsonSerializer.SerializeToUtf8Bytes(body, ActorJson.Default.JsonElement), [], null), ct);
            if (!reply.IsSuccess) logger.LogWarning("Timer {Timer} of actor {ActorType}/{ActorId} answered {Status}", name, actorType, actorId, reply.Status);
        }, logger);
    }

    public bool DeleteTimer(string actorType, string actorId, string name) =>
        _active.TryGetValue((actorType, actorId), out var actor) && actor.DeleteTimer(name);

    private async Task DeactivateIdleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try { await Task.Delay(Config.ScanInterval, sidecar.Time, cancellationToken); }
            catch (OperationCanceledException) { return; }
            var now = sidecar.Time.GetUtcNow();
            foreach (var (key, actor) in _active)
            {
                if (now - actor.LastUsed < actor.Config.IdleTimeout) continue;
                if (actor.Turns.TryEnterIdle() is not { } turn) continue;
                using (turn)
                {
                    actor.Deactivated = true;
                    _active.TryRemove(new KeyValuePair<(string, string), ActiveActor>(key, actor));
                    actor.StopTimers();
                    try
                    {
                        var reply = await SendAsync(HttpMethod.Delete, new ActorCall(key.Type, key.Id, "", [], [], null), null, cancellationToken);
                        logger.LogDebug("Deactivated idle actor {ActorType}/{ActorId}: {Status}", key.Type, key.Id, reply.Status);
                    }
                    catch (Exception e) when (e is DaprApiException or OperationCanceledException)
                    {
                        logger.LogWarning(e, "Deactivating actor {ActorType}/{ActorId} failed", key.Type, key.Id);
                    }
                }
            }
        }
    }
}

file static class JsonContent
{
    public static async Task<JsonElement> ReadFromJsonOrNullAsync(this HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
