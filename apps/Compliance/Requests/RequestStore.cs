using System.Text.Json;
using GoLive.Compliance.Log;

namespace GoLive.Compliance.Requests;

/// <summary>The event published (through the outbox) with each change of a request: no personal data, only its state.</summary>
public sealed record RequestChanged(string Id, RequestType Type, Regulation Regulation, RequestStatus Status, DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt, string? Participant = null, bool? ParticipantSucceeded = null);

/// <summary>
/// Requests in the state store: <c>dsr:{id}</c> (the record), <c>dsr-ids</c> (every id, oldest first),
/// <c>dsr-open:{type}:{pseudonym}</c> (the open request of a subject and type, so a duplicate is refused),
/// <c>dsr-export:{id}:{participant}</c> (one service's export until the archive is built) and
/// <c>dsr-archive:{id}</c> (the zip, base64). Each record change and its <c>golive.compliance.dsr.*</c> event are one
/// outbox transaction.
/// </summary>
public sealed class RequestStore(IStateStore store)
{
    public const string IdsKey = "dsr-ids";

    public static string Key(string id) => $"dsr:{id}";
    public static string OpenKey(RequestType type, string pseudonym) => $"dsr-open:{type.ToString().ToLowerInvariant()}:{pseudonym}";
    public static string ExportKey(string id, string participant) => $"dsr-export:{id}:{participant}";
    public static string ArchiveKey(string id) => $"dsr-archive:{id}";

    public async Task<DataSubjectRequest?> FindAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(Key(id), cancellationToken) is { } json ? Read(json) : null;

    public async Task<IReadOnlyList<DataSubjectRequest>> AllAsync(CancellationToken cancellationToken = default)
    {
        var ids = await IdsAsync(cancellationToken);
        if (ids.Count == 0) return [];
        var values = await store.GetManyAsync([.. ids.Select(Key)], cancellationToken);
        return [.. ids.Where(id => values.ContainsKey(Key(id))).Select(id => Read(values[Key(id)]))];
    }

    public async Task<string?> OpenRequestIdAsync(RequestType type, string pseudonym, CancellationToken cancellationToken) =>
        await store.GetAsync(OpenKey(type, pseudonym), cancellationToken) is { } json ? JsonSerializer.Deserialize<string>(json) : null;

    public Task ClearOpenAsync(RequestType type, string pseudonym, CancellationToken cancellationToken = default) =>
        store.TransactAsync([StateWrite.Deletion(OpenKey(type, pseudonym))], cancellationToken);

    /// <summary>Stores a new request with its open-index entry; false when the subject already has an open request of that type.</summary>
    public async Task<bool> AddAsync(DataSubjectRequest request, string pseudonym, CancellationToken cancellationToken = default)
    {
        var written = await store.TransactAsync(
        [
            new StateWrite(OpenKey(request.Type, pseudonym), JsonSerializer.Serialize(request.Id), FirstWrite: true),
            .. Change(request, RequestEvents.Received),
        ], cancellationToken);
        if (!written) return false;
        // The id list is only an index: a crash before this write leaves a request reachable by id, not listed.
        await store.SaveAsync(IdsKey, JsonSerializer.Serialize((await IdsAsync(cancellationToken)).Append(request.Id)), cancellationToken);
        return true;
    }

    /// <summary>Saves a change and publishes <paramref name="eventType"/> with it; <paramref name="also"/> joins the transaction.</summary>
    public Task SaveAsync(DataSubjectRequest request, string eventType, CancellationToken cancellationToken, string? participant = null,
        params StateWrite[] also) =>
        store.TransactAsync([.. Change(request, eventType, participant), .. also], cancellationToken);

    public async Task<string?> ExportAsync(string id, string participant, CancellationToken cancellationToken) =>
        await store.GetAsync(ExportKey(id, participant), cancellationToken);

    public async Task<byte[]?> ArchiveAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(ArchiveKey(id), cancellationToken) is { } json ? Convert.FromBase64String(JsonSerializer.Deserialize<string>(json)!) : null;

    public static StateWrite ArchiveWrite(string id, byte[] zip) => new(ArchiveKey(id), JsonSerializer.Serialize(Convert.ToBase64String(zip)));

    static IEnumerable<StateWrite> Change(DataSubjectRequest request, string eventType, string? participant = null)
    {
        var outcome = participant is null ? null : request.Participants.FirstOrDefault(p => p.Participant == participant);
        var changed = new RequestChanged(request.Id, request.Type, request.Regulation, request.Status, request.ReceivedAt, request.DueAt,
            participant, outcome?.Succeeded);
        var metadata = new Dictionary<string, string>
        {
            ["outbox.projection"] = "true",
            ["cloudevent.type"] = eventType,
            ["cloudevent.id"] = $"{eventType}:{request.Id}:{participant ?? request.UpdatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            ["cloudevent.subject"] = request.Id,
        };
        yield return new StateWrite(Key(request.Id), JsonSerializer.Serialize(request, ComplianceJson.Options));
        yield return new StateWrite(Key(request.Id), JsonSerializer.Serialize(changed, ComplianceJson.Options), Metadata: metadata);
    }

    async Task<List<string>> IdsAsync(CancellationToken cancellationToken) =>
        await store.GetAsync(IdsKey, cancellationToken) is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];

    static DataSubjectRequest Read(string json) =>
        JsonSerializer.Deserialize<DataSubjectRequest>(json, ComplianceJson.Options) ?? throw new InvalidDataException("Empty request record.");
}

/// <summary>The CloudEvent types of data-subject requests, on topic <c>compliance-events</c>.</summary>
public static class RequestEvents
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
