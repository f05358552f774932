using GoLive.DaprAccess.State;

namespace GoLive.Compliance.Requests;

/// <summary>What one sweep did.</summary>
internal sealed record SweepResult(IReadOnlyList<string> Overdue, IReadOnlyList<string> Started, IReadOnlyList<string> Purged, IReadOnlyList<string> ArchivesDropped);

/// <summary>
/// The periodic upkeep of requests. Overdue: an open request past its deadline raises <c>golive.compliance.dsr.overdue</c>
/// once (<see cref="DataSubjectRequest.OverdueAt"/> remembers it). Approved requests whose workflow could not be started
/// are started again. Finished requests get their workflow instance purged (its input names the subject), and expired
/// export archives are deleted.
/// </summary>
internal sealed partial class RequestSweep(DataSubjectRequests requests, IWorkflowLauncher workflows, TimeProvider time,
    ILogger<RequestSweep> logger)
{
    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        List<string> overdue = [], started = [], purged = [], dropped = [];
        foreach (var request in await requests.ListAsync(null, cancellationToken))
        {
            if (request.IsOverdue(now) && request.OverdueAt is null
                && await requests.UpdateAsync(request.Id, r => r.IsOverdue(now) && r.OverdueAt is null ? r with { OverdueAt = now } : null,
                    RequestEvents.Overdue, cancellationToken) is { } flagged)
            {
                overdue.Add(flagged.Id);
                LogOverdue(flagged.Id, flagged.DueAt);
                await requests.AuditAsync(flagged, "dsr.overdue", "service:compliance", cancellationToken);
            }
            if (request.Status == RequestStatus.Approved && await requests.StartAsync(request, cancellationToken) is not null) started.Add(request.Id);
            if (!request.IsOpen && !request.WorkflowPurged && request.ApprovedBy is not null && await PurgeAsync(request, cancellationToken))
            {
                purged.Add(request.Id);
            }
            if (request.Archive is { } archive && now > archive.ExpiresAt
                && await requests.UpdateAsync(request.Id, r => r.Archive is null ? null : r with { Archive = null }, RequestEvents.Progressed,
                    cancellationToken, also: [StateOperation.Delete(RequestStore.ArchiveKey(request.Id))]) is not null)
            {
                dropped.Add(request.Id);
            }
        }
        return new SweepResult(overdue, started, purged, dropped);
    }

    private async Task<bool> PurgeAsync(DataSubjectRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (!await workflows.PurgeAsync(request.Id, cancellationToken)) return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPurgeFailed(e, request.Id);
            return false;
        }
        return await requests.UpdateAsync(request.Id, r => r with { WorkflowPurged = true }, RequestEvents.Progressed, cancellationToken) is not null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data-subject request {RequestId} is overdue (due {DueAt})")]
    private partial void LogOverdue(string requestId, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging the workflow of request {RequestId} failed; the next sweep retries")]
    private partial void LogPurgeFailed(Exception exception, string requestId);
}
