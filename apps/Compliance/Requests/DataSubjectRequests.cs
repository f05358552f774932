using System.Security.Cryptography;
using System.Text.Json;
using GoLive.Compliance.Log;
using GoLive.Compliance.Privacy;
using GoLive.DaprAccess.State;
using GoLive.ServiceDefaults.Audit;
using GoLive.ServiceDefaults.Privacy;
using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Requests;

/// <summary>How opening a request went: the request, or the open one of the same subject and type it duplicates.</summary>
internal sealed record Opened(DataSubjectRequest Request, bool Duplicate, bool CodeSent);

/// <summary>
/// The life of data-subject requests: open (identity claim, deadline), verify or approve, start the workflow, record each
/// participant's outcome and the result, cancel. Every change is audited (naming the subject only by pseudonym) and
/// published as <c>golive.compliance.dsr.*</c> with the record. One writer at a time.
/// </summary>
internal sealed partial class DataSubjectRequests(RequestStore requests, IdentityVerification verification, IWorkflowLauncher workflows,
    SubjectPseudonyms pseudonyms, AuditLog log, TimeProvider time, IOptions<RequestOptions> options, ILogger<DataSubjectRequests> logger)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public static Dictionary<string, string[]> Errors(NewRequest request)
    {
        var errors = new DataSubject(request.SubjectId, request.Email).Errors();
        if (Parse<RequestType>(request.Type) is null) errors["type"] = ["Required: export or erasure."];
        if (Parse<Regulation>(request.Regulation) is null) errors["regulation"] = ["Required: gdpr or ccpa."];
        return errors;
    }

    public Task<DataSubjectRequest?> FindAsync(string id, CancellationToken cancellationToken = default) => requests.FindAsync(id, cancellationToken);

    public async Task<IReadOnlyList<DataSubjectRequest>> ListAsync(RequestStatus? status, CancellationToken cancellationToken) =>
        [.. (await requests.AllAsync(cancellationToken)).Where(r => status is null || r.Status == status).OrderByDescending(r => r.ReceivedAt)];

    public async Task<Opened> OpenAsync(NewRequest input, CancellationToken cancellationToken = default)
    {
        if (Errors(input).Count > 0) throw new ArgumentException("Invalid request.", nameof(input));
        var type = Parse<RequestType>(input.Type)!.Value;
        var regulation = Parse<Regulation>(input.Regulation)!.Value;
        var subjectId = input.SubjectId!.Trim();
        var email = input.Email!.Trim();
        var pseudonym = await pseudonyms.PseudonymOfAsync(subjectId, cancellationToken);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (await requests.OpenRequestIdAsync(type, pseudonym, cancellationToken) is { } openId)
            {
                if (await requests.FindAsync(openId, cancellationToken) is { IsOpen: true } open) return new Opened(open, Duplicate: true, CodeSent: false);
                // Left behind by a crash between closing a request and removing its entry.
                await requests.ClearOpenAsync(type, pseudonym, cancellationToken);
            }
            var now = time.GetUtcNow();
            var request = new DataSubjectRequest(NewId(), type, regulation, subjectId, email, RequestStatus.Pending, now,
                now + DataSubjectRequest.DeadlineFor(regulation), now, "code", []);
            if (!await requests.AddAsync(request, pseudonym, cancellationToken))
            {
                throw new InvalidOperationException("An open request of this subject and type appeared meanwhile.");
            }
            var sent = await IssueCodeAsync(request, cancellationToken);
            if (!sent)
            {
                request = request with { Verification = "operator" };
                await requests.SaveAsync(request, RequestEvents.Received, cancellationToken);
            }
            await AuditAsync(request, "dsr.received", "service:compliance", cancellationToken);
            return new Opened(request, Duplicate: false, CodeSent: sent);
        }
        finally
        {
            _writer.Release();
        }
    }

    // A channel that fails (mail relay down) must not lose the request: it falls back to an officer's approval.
    private async Task<bool> IssueCodeAsync(DataSubjectRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await verification.IssueAsync(request.Id, request.Email, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCodeNotSent(e, request.Id);
            return false;
        }
    }

    /// <summary>
    /// Checks a verification code. A match records that the email is verified; it also approves the request and starts its
    /// workflow when <see cref="RequestOptions.CodeApproves"/> (else an officer approves, seeing the verified email).
    /// </summary>
    public async Task<(DataSubjectRequest? Request, CodeVerdict Verdict)> VerifyAsync(string id, string code, CancellationToken cancellationToken = default)
    {
        if (await requests.FindAsync(id, cancellationToken) is not { Status: RequestStatus.Pending } request) return (null, CodeVerdict.NoCode);
        var verdict = await verification.CheckAsync(id, code, cancellationToken);
        if (verdict == CodeVerdict.Verified && options.Value.CodeApproves)
        {
            return (await ApproveAsync(id, "identity:email-code", "verification code", cancellationToken), verdict);
        }
        if (verdict == CodeVerdict.Verified)
        {
            var verified = await UpdateAsync(id, r => r with { EmailVerifiedAt = time.GetUtcNow() }, RequestEvents.Progressed, cancellationToken);
            if (verified is not null) await AuditAsync(verified, "dsr.email.verified", "service:compliance", cancellationToken);
            return (verified, verdict);
        }
        if (verdict is CodeVerdict.Exhausted or CodeVerdict.Expired)
        {
            request = await UpdateAsync(id, r => r.Status == RequestStatus.Pending ? r with { Status = RequestStatus.IdentityUnverified } : null,
                RequestEvents.Progressed, cancellationToken) ?? request;
        }
        return (request, verdict);
    }

    /// <summary>Approves a pending or unverified request (an operator verified the identity), then starts its workflow.</summary>
    public async Task<DataSubjectRequest?> ApproveAsync(string id, string approvedBy, string method, CancellationToken cancellationToken = default)
    {
        var approved = await UpdateAsync(id, r => r.Status is RequestStatus.Pending or RequestStatus.IdentityUnverified
            ? r with { Status = RequestStatus.Approved, ApprovedBy = approvedBy } : null, RequestEvents.Approved, cancellationToken);
        if (approved is null) return null;
        await AuditAsync(approved, "dsr.approved", approvedBy, cancellationToken, new() { ["method"] = method });
        return await StartAsync(approved, cancellationToken) ?? approved;
    }

    /// <summary>Starts the workflow of an approved request; a failure leaves it approved for the next sweep.</summary>
    public async Task<DataSubjectRequest?> StartAsync(DataSubjectRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            await workflows.StartAsync(new WorkflowInput(request.Id, request.Type, request.SubjectId, request.Email), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStartFailed(e, request.Id);
            return null;
        }
        return await UpdateAsync(request.Id, r => r.Status == RequestStatus.Approved ? r with { Status = RequestStatus.InProcessing } : null,
            RequestEvents.Started, cancellationToken);
    }

    public async Task<DataSubjectRequest?> CancelAsync(string id, string reason, CancellationToken cancellationToken = default)
    {
        var canceled = await UpdateAsync(id, r => r.Status is RequestStatus.Pending or RequestStatus.IdentityUnverified or RequestStatus.Approved
            ? r with { Status = RequestStatus.Canceled, CancelReason = reason, CompletedAt = time.GetUtcNow() } : null,
            RequestEvents.Canceled, cancellationToken, close: true);
        if (canceled is not null) await AuditAsync(canceled, "dsr.canceled", "service:compliance", cancellationToken);
        return canceled;
    }

    /// <summary>Records one participant's outcome (idempotent: the latest report per participant wins).</summary>
    public async Task<DataSubjectRequest?> RecordOutcomeAsync(string id, ParticipantReport report, CancellationToken cancellationToken = default)
    {
        var participant = report.Participant!;
        var answer = report.Answer is { ValueKind: JsonValueKind.Object } a ? a : (JsonElement?)null;
        var outcome = new ParticipantOutcome(participant, report.Succeeded, report.Rounds, report.Error,
            answer?.TryGetProperty("holdsPersonalData", out var holds) == true ? holds.GetBoolean() : null, Count(answer),
            answer?.TryGetProperty("actions", out var actions) == true ? actions.Deserialize<List<string>>() : null, time.GetUtcNow());
        var also = new List<StateOperation>();
        var updated = await UpdateAsync(id, r =>
        {
            if (r.Status != RequestStatus.InProcessing) return null;
            if (r.Type == RequestType.Export && report.Succeeded && answer is { } data)
            {
                also.Add(RequestStore.ExportWrite(r.Id, participant, data));
            }
            return r with { Participants = [.. r.Participants.Where(p => p.Participant != participant), outcome] };
        }, RequestEvents.Progressed, cancellationToken, participant: participant, also: also);
        if (updated is not null)
        {
            await AuditAsync(updated, report.Succeeded ? "dsr.participant.completed" : "dsr.participant.failed", $"service:{participant}",
                cancellationToken, new() { ["participant"] = participant, ["rounds"] = report.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        return updated;
    }

    /// <summary>
    /// Records the result. An export gets its archive; an erasure gets a last sweep of the log (events about the subject
    /// may have arrived meanwhile) and its record pseudonymised. Either way the subject's open-request entry is removed.
    /// </summary>
    public async Task<DataSubjectRequest?> CompleteAsync(string id, RequestResult result, CancellationToken cancellationToken = default)
    {
        // Answered again (a retried report): the request as it stands.
        var current = await requests.FindAsync(id, cancellationToken);
        if (current is not { Status: RequestStatus.InProcessing }) return current;
        var now = time.GetUtcNow();
        var also = new List<StateOperation>();
        ArchiveInfo? archive = null;
        if (result.Succeeded && current.Type == RequestType.Export)
        {
            var answers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var participant in current.Participants.Where(p => p.Succeeded).Select(p => p.Participant))
            {
                if (await requests.ExportAsync(id, participant, cancellationToken) is { } answer) answers[participant] = answer;
                also.Add(StateOperation.Delete(RequestStore.ExportKey(id, participant)));
            }
            var zip = ExportArchive.Build(current, answers, now);
            also.Add(RequestStore.ArchiveWrite(id, zip));
            archive = new ArchiveInfo(zip.Length, Convert.ToHexStringLower(SHA256.HashData(zip)), now, now + options.Value.ArchiveLifetime);
        }
        var subjectIds = new[] { current.SubjectId, current.Email };
        var pseudonym = await pseudonyms.PseudonymOfAsync(current.SubjectId, cancellationToken);
        var erased = result.Succeeded && current.Type == RequestType.Erasure;
        var completed = await UpdateAsync(id, r => r.Status != RequestStatus.InProcessing ? null : r with
        {
            Status = result.Succeeded ? RequestStatus.Complete : RequestStatus.Error,
            Error = result.Error, Archive = archive, CompletedAt = now,
            SubjectId = erased ? pseudonym : r.SubjectId, Email = erased ? pseudonym : r.Email,
        }, result.Succeeded ? RequestEvents.Completed : RequestEvents.Failed, cancellationToken, close: true, closeAs: pseudonym, also: also);
        if (completed is null) return await requests.FindAsync(id, cancellationToken);
        if (archive is not null) await AuditAsync(completed, "dsr.export.generated", "service:compliance", cancellationToken, new() { ["sha256"] = archive.Sha256 });
        await AuditAsync(completed, result.Succeeded ? "dsr.completed" : "dsr.failed", "service:compliance", cancellationToken);
        if (erased)
        {
            foreach (var identifier in subjectIds.Distinct(StringComparer.Ordinal)) await pseudonyms.PseudonymiseAsync(identifier, cancellationToken);
            await pseudonyms.RedactMentionsAsync(new DataSubject(subjectIds[0], subjectIds[1]), cancellationToken);
            await ForgetEarlierRequestsAsync(id, subjectIds[0], subjectIds[1], pseudonym, cancellationToken);
        }
        return completed;
    }

    /// <summary>
    /// An erasure covers the subject's earlier, finished requests too (an export before it, say): their records keep only
    /// the pseudonym and their export archives are deleted. Still-open ones keep running and are pseudonymised by the
    /// erasure the subject asked for next, as the open one still needs to reach the subject.
    /// </summary>
    private async Task ForgetEarlierRequestsAsync(string erasureId, string subjectId, string email, string pseudonym, CancellationToken cancellationToken)
    {
        bool Names(DataSubjectRequest r) => !r.IsOpen && r.Id != erasureId
            && (r.SubjectId == subjectId || string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase));
        foreach (var earlier in (await requests.AllAsync(cancellationToken)).Where(Names))
        {
            await UpdateAsync(earlier.Id, r => Names(r) ? r with { SubjectId = pseudonym, Email = pseudonym, Archive = null } : null,
                RequestEvents.Progressed, cancellationToken, also: [StateOperation.Delete(RequestStore.ArchiveKey(earlier.Id))]);
        }
    }

    /// <summary>Appends an audit entry about the request, naming the subject by pseudonym only (so an erasure leaves none behind).</summary>
    internal async Task AuditAsync(DataSubjectRequest request, string action, string actor, CancellationToken cancellationToken,
        Dictionary<string, string>? details = null)
    {
        var pseudonym = await pseudonyms.PseudonymOfAsync(request.SubjectId, cancellationToken);
        var subject = request.SubjectId.StartsWith("pseud_", StringComparison.Ordinal) ? request.SubjectId : pseudonym;
        await log.AppendAsync(new AuditEvent(Guid.CreateVersion7().ToString("N"), "compliance", actor, action, $"data-subject-requests/{request.Id}",
            subject, $"dsr:{request.Regulation.ToString().ToLowerInvariant()}:{request.Type.ToString().ToLowerInvariant()}", AuditOutcomes.Success,
            null, time.GetUtcNow(), details), cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> (null = not applicable) under the writer lock and saves it with its event.</summary>
    internal async Task<DataSubjectRequest?> UpdateAsync(string id, Func<DataSubjectRequest, DataSubjectRequest?> change, string eventType,
        CancellationToken cancellationToken, string? participant = null, bool close = false, string? closeAs = null, IReadOnlyList<StateOperation>? also = null)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (await requests.FindAsync(id, cancellationToken) is not { } current) return null;
            if (change(current) is not { } changed) return null;
            changed = changed with { UpdatedAt = time.GetUtcNow() };
            var writes = (also ?? []).ToList();
            if (close)
            {
                var pseudonym = closeAs ?? await pseudonyms.PseudonymOfAsync(current.SubjectId, cancellationToken);
                writes.Add(StateOperation.Delete(RequestStore.OpenKey(current.Type, pseudonym)));
                writes.Add(StateOperation.Delete(IdentityVerification.Key(id)));
            }
            await requests.SaveAsync(changed, eventType, cancellationToken, participant, [.. writes]);
            return changed;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static int? Count(JsonElement? answer) =>
        answer is { } a && a.TryGetProperty("datasets", out var sets) && sets.ValueKind == JsonValueKind.Array
            ? sets.EnumerateArray().Sum(s => s.TryGetProperty("records", out var r) ? r.GetArrayLength() : 0)
            : answer is { } e && e.TryGetProperty("erased", out var erased) ? erased.GetInt32() : null;

    /// <summary>The enum value whose JSON name is <paramref name="value"/> (case-insensitive), else null; numbers are not names.</summary>
    internal static T? Parse<T>(string? value) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(JsonSerializer.Serialize(v).Trim('"'), value?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string NewId() => "dsr_" + Guid.CreateVersion7().ToString("N");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The verification code of request {RequestId} could not be sent; an officer must approve")]
    private partial void LogCodeNotSent(Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting the workflow of request {RequestId} failed; the next sweep retries")]
    private partial void LogStartFailed(Exception exception, string requestId);
}
