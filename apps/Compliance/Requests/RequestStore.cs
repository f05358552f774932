using System.Globalization;
using System.Text.Json;
using GoLive.DaprAccess.State;

namespace GoLive.Compliance.Requests;

/// <summary>The event published (through the outbox) with each change of a request: no personal data, only its state.</summary>
internal sealed record RequestChanged(string Id, RequestType Type, Regulation Regulation, RequestStatus Status, DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt, string? Participant = null, bool? ParticipantSucceeded = null);

/// <summary>
/// Requests in the state store: <c>dsr:{id}</c> (the record), <c>dsr-ids</c> (every id, oldest first),
/// <c>dsr-open:{type}:{pseudonym}</c> (the open request of a subject and type, so a duplicate is refused),
/// <c>dsr-export:{id}:{participant}</c> (one service's export until the archive is built) and
/// <c>dsr-archive:{id}</c> (the zip, base64). Each record change and its <c>golive.compliance.dsr.*</c> event are one
/// outbox transaction.
/// </summary>
internal sealed class RequestStore(IStateStore store)
{
    public const string IdsKey = "dsr-ids";

    public static string Key(string id) => $"dsr:{id}";
    public static string OpenKey(RequestType type, string pseudonym) => $"dsr-open:{type.ToString().ToLowerInvariant()}:{pseudonym}";
    public static string ExportKey(string id, string participant) => $"dsr-export:{id}:{participant}";
    public static string ArchiveKey(string id) => $"dsr-archive:{id}";

    public async Task<DataSubjectRequest?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetAsync<DataSubjectRequest>(Key(id), cancellationToken)).Value;

    public async Task<IReadOnlyList<DataSubjectRequest>> AllAsync(CancellationToken cancellationToken = default)
    {
        var ids = await IdsAsync(cancellationToken);
        if (ids.Count == 0) return [];
        var values = await store.GetValuesAsync<DataSubjectRequest>([.. ids.Select(Key)], cancellationToken);
        return [.. ids.Select(Key).Where(values.ContainsKey).Select(key => values[key])];
    }

    public async Task<string?> OpenRequestIdAsync(RequestType type, string pseudonym, CancellationToken cancellationToken) =>
        (await store.GetAsync<string>(OpenKey(type, pseudonym), cancellationToken)).Value;

    public Task ClearOpenAsync(RequestType type, string pseudonym, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(OpenKey(type, pseudonym), cancellationToken);

    /// <summary>Stores a new request with its open-index entry; false when the subject already has an open request of that type.</summary>
    public async Task<bool> AddAsync(DataSubjectRequest request, string pseudonym, CancellationToken cancellationToken = default)
    {
        var written = await store.TryTransactAsync(
            [StateOperation.Insert(OpenKey(request.Type, pseudonym), request.Id), Change(request, RequestEvents.Received)], cancellationToken);
        if (!written) return false;
        // The id list is only an index: a crash before this write leaves a request reachable by id, not listed.
        await store.SaveAsync(IdsKey, (await IdsAsync(cancellationToken)).Append(request.Id).ToList(), cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Saves a change and publishes <paramref name="eventType"/> with it; <paramref name="also"/> joins the transaction.</summary>
    public Task SaveAsync(DataSubjectRequest request, string eventType, CancellationToken cancellationToken, string? participant = null,
        params StateOperation[] also) =>
        store.TransactAsync([Change(request, eventType, participant), .. also], cancellationToken);

    /// <summary>A service's export answer (JSON text).</summary>
    public async Task<string?> ExportAsync(string id, string participant, CancellationToken cancellationToken) =>
        (await store.GetAsync<JsonElement?>(ExportKey(id, participant), cancellationToken)).Value?.GetRawText();

    // Every upsert of an outbox transaction is published: the event names the request and service, never the personal data.
    public static StateOperation ExportWrite(string id, string participant, JsonElement answer) =>
        StateOperation.Upsert(ExportKey(id, participant), answer, new OutboxEvent(ExportStored)
        {
            Id = $"{ExportStored}:{id}:{participant}", Subject = id, Payload = new { requestId = id, service = participant },
        });

    public async Task<byte[]?> ArchiveAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetAsync<string>(ArchiveKey(id), cancellationToken)).Value is { } base64 ? Convert.FromBase64String(base64) : null;

    public static StateOperation ArchiveWrite(string id, byte[] zip) =>
        StateOperation.Upsert(ArchiveKey(id), Convert.ToBase64String(zip), new OutboxEvent(ArchiveStored)
        {
            Id = $"{ArchiveStored}:{id}", Subject = id, Payload = new { requestId = id },
        });

    internal const string ExportStored = "golive.compliance.dsr-export.stored";
    internal const string ArchiveStored = "golive.compliance.dsr-archive.stored";

    // The record is stored; subscribers get only its state (no personal data), deduplicated on type, id and participant or time.
    private static StateOperation Change(DataSubjectRequest request, string eventType, string? participant = null)
    {
        var outcome = participant is null ? null : request.Participants.FirstOrDefault(p => p.Participant == participant);
        var changed = new RequestChanged(request.Id, request.Type, request.Regulation, request.Status, request.ReceivedAt, request.DueAt,
            participant, outcome?.Succeeded);
        var version = participant ?? request.UpdatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return StateOperation.Upsert(Key(request.Id), request,
            new OutboxEvent(eventType) { Id = $"{eventType}:{request.Id}:{version}", Subject = request.Id, Payload = changed });
    }

    private async Task<List<string>> IdsAsync(CancellationToken cancellationToken) =>
        (await store.GetAsync<List<string>>(IdsKey, cancellationToken)).Value ?? [];
}

/// <summary>The CloudEvent types of data-subject requests, on topic <c>compliance-events</c>.</summary>
internal static class RequestEvents
{
    public const string Received = "golive.compliance.dsr.received";
    public const string Approved = "golive.compliance.dsr.approved";
    public const string Started = "golive.compliance.dsr.started";
    public const string Progressed = "golive.compliance.dsr.progressed";
    public const string Completed = "golive.compliance.dsr.completed";
    public const string Failed = "golive.compliance.dsr.failed";
    public const string Canceled = "golive.compliance.dsr.canceled";
    public const string Overdue = "golive.compliance.dsr.overdue";
}
