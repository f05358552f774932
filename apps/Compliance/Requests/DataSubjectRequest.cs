using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoLive.Compliance.Requests;

[JsonConverter(typeof(JsonStringEnumConverter<RequestType>))]
internal enum RequestType
{
    [JsonStringEnumMemberName("export")] Export,
    [JsonStringEnumMemberName("erasure")] Erasure,
}

[JsonConverter(typeof(JsonStringEnumConverter<Regulation>))]
internal enum Regulation
{
    [JsonStringEnumMemberName("gdpr")] Gdpr,
    [JsonStringEnumMemberName("ccpa")] Ccpa,
}

/// <summary>The industry shape of a data-subject request's life (see README, <i>Data-subject requests</i>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestStatus>))]
internal enum RequestStatus
{
    /// <summary>Received; a verification code was sent to the claimed email (or an operator must verify).</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>Verification failed (code expired or too many wrong codes): only an operator can approve or cancel now.</summary>
    [JsonStringEnumMemberName("identity_unverified")] IdentityUnverified,
    /// <summary>Identity verified; the workflow is being started.</summary>
    [JsonStringEnumMemberName("approved")] Approved,
    [JsonStringEnumMemberName("in_processing")] InProcessing,
    [JsonStringEnumMemberName("complete")] Complete,
    [JsonStringEnumMemberName("error")] Error,
    [JsonStringEnumMemberName("canceled")] Canceled,
}

/// <summary>What a client sends to open a request.</summary>
internal sealed record NewRequest(string? Type, string? SubjectId, string? Email, string? Regulation);

/// <summary>How one participating service answered (reported by the workflow; the latest report per service wins).</summary>
internal sealed record ParticipantOutcome(string Participant, bool Succeeded, int Rounds, string? Error, bool? HoldsPersonalData, int? Records,
    IReadOnlyList<string>? Actions, DateTimeOffset ReportedAt);

/// <summary>The export archive of a completed export request (the zip itself is stored under its own key).</summary>
internal sealed record ArchiveInfo(long SizeBytes, string Sha256, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// One data-subject request. After an erasure completes, <see cref="SubjectId"/> and <see cref="Email"/> are replaced by
/// the subject's pseudonym: the record proves the request was answered without naming the person.
/// </summary>
internal sealed record DataSubjectRequest(
    string Id, RequestType Type, Regulation Regulation, string SubjectId, string Email, RequestStatus Status,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, DateTimeOffset UpdatedAt, string Verification,
    IReadOnlyList<ParticipantOutcome> Participants, string? ApprovedBy = null, string? Error = null, string? CancelReason = null,
    DateTimeOffset? OverdueAt = null, ArchiveInfo? Archive = null, DateTimeOffset? CompletedAt = null, bool WorkflowPurged = false,
    DateTimeOffset? EmailVerifiedAt = null)
{
    public bool IsOpen => Status is not (RequestStatus.Complete or RequestStatus.Error or RequestStatus.Canceled);

    public bool IsOverdue(DateTimeOffset now) => IsOpen && now > DueAt;

    /// <summary>GDPR Art. 12(3): one month (30 days here); CCPA §1798.130: 45 days.</summary>
    public static TimeSpan DeadlineFor(Regulation regulation) => regulation == Regulation.Gdpr ? TimeSpan.FromDays(30) : TimeSpan.FromDays(45);
}

/// <summary>What the workflow reports for one participant: its contract answer (export or erasure) or the last error.</summary>
internal sealed record ParticipantReport(string? Participant, bool Succeeded, int Rounds, string? Error, JsonElement? Answer);

/// <summary>What the workflow reports when every participant has answered (or the retry window ran out).</summary>
internal sealed record RequestResult(bool Succeeded, string? Error);

internal sealed record Approval(string? ApprovedBy, string? Method);

internal sealed record CodeCheck(string? Code);

internal sealed record Cancellation(string? Reason);

/// <summary>An expiring signed download link for an export archive.</summary>
internal sealed record ExportLink(string Url, DateTimeOffset ExpiresAt);
