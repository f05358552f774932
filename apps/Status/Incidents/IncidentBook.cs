using GoLive.DaprAccess.State;
using GoLive.Status.Events;

namespace GoLive.Status.Incidents;

/// <summary>
/// Every incident, in memory and in the state store. Each change is one outbox transaction whose upsert carries the
/// event type, so the incident and its event are committed together; the operator sink is told afterwards.
/// </summary>
internal sealed class IncidentBook(IStateStore store, OperatorSink sink, TimeProvider time)
{
    public const string IndexKey = "incident-index";
    private readonly SemaphoreSlim _writer = new(1, 1);
    private volatile IReadOnlyDictionary<string, Incident> _incidents = new Dictionary<string, Incident>();

    public static string KeyOf(string id) => $"incident|{id}";

    public IEnumerable<Incident> All => _incidents.Values.OrderByDescending(i => i.CreatedAt);

    public IEnumerable<Incident> Open => All.Where(i => i.IsOpen);

    public Incident? Find(string id) => _incidents.GetValueOrDefault(id);

    public Incident? OpenFor(string slo) => Open.FirstOrDefault(i => i.Slo == slo);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var ids = (await store.GetAsync<List<string>>(IndexKey, cancellationToken)).Value ?? [];
        var found = await store.GetValuesAsync<Incident>([.. ids.Select(KeyOf)], cancellationToken);
        _incidents = found.Values.ToDictionary(i => i.Id);
    }

    public Task<Incident> OpenAsync(NewIncident request, string? slo, CancellationToken cancellationToken, params StateOperation[] alsoWrite)
    {
        var now = time.GetUtcNow();
        var incident = new Incident(
            NewId(now), request.Title, request.Status ?? IncidentStatus.Investigating, request.Severity, request.Components,
            [new IncidentUpdate(now, request.Status ?? IncidentStatus.Investigating, request.Message)], now, now, null, null, slo);
        return WriteAsync(incident, StatusEventTypes.IncidentOpened, isNew: true, alsoWrite, cancellationToken);
    }

    /// <summary>Applies an update; null when the incident does not exist.</summary>
    public Task<Incident>? UpdateAsync(string id, IncidentChange change, CancellationToken cancellationToken, params StateOperation[] alsoWrite)
    {
        if (Find(id) is not { } current)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var status = change.Status ?? current.Status;
        var updates = change.Message is { } message ? [.. current.Updates, new IncidentUpdate(now, status, message)] : current.Updates;
        var updated = current with
        {
            Status = status,
            Severity = change.Severity ?? current.Severity,
            Components = change.Components ?? current.Components,
            PostmortemUrl = change.PostmortemUrl ?? current.PostmortemUrl,
            Updates = updates,
            UpdatedAt = now,
            ResolvedAt = status == IncidentStatus.Resolved ? current.ResolvedAt ?? now : null,
        };
        var type = status == IncidentStatus.Resolved && current.IsOpen ? StatusEventTypes.IncidentResolved : StatusEventTypes.IncidentUpdated;
        return WriteAsync(updated, type, isNew: false, alsoWrite, cancellationToken);
    }

    private async Task<Incident> WriteAsync(Incident incident, string type, bool isNew, StateOperation[] alsoWrite, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (isNew)
            {
                // The index first: an id without an incident is skipped at load; an incident missing from it would be lost.
                await store.SaveAsync(IndexKey, _incidents.Keys.Append(incident.Id).ToList(), cancellationToken: cancellationToken);
            }

            var @event = new OutboxEvent(type) { Id = $"{incident.Id}-{incident.UpdatedAt.ToUnixTimeMilliseconds()}", Subject = incident.Id };
            await store.TransactAsync([StateOperation.Upsert(KeyOf(incident.Id), incident, @event), .. alsoWrite], cancellationToken);
            _incidents = new Dictionary<string, Incident>(_incidents) { [incident.Id] = incident };
        }
        finally
        {
            _writer.Release();
        }

        await sink.NotifyAsync(type, incident, cancellationToken);
        return incident;
    }

    private static string NewId(DateTimeOffset now) => $"inc-{now:yyyyMMddHHmm}-{Guid.NewGuid().ToString("N")[..6]}";
}

/// <summary>What an operator (or an alert) opens an incident with.</summary>
internal sealed record NewIncident(
    string Title, IncidentSeverity Severity, IReadOnlyList<string> Components, string Message, IncidentStatus? Status = null);

/// <summary>A change; null fields stay as they are. A message adds a timestamped public update.</summary>
internal sealed record IncidentChange(
    IncidentStatus? Status = null,
    string? Message = null,
    IncidentSeverity? Severity = null,
    IReadOnlyList<string>? Components = null,
    string? PostmortemUrl = null);
