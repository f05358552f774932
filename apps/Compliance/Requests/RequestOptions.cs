namespace GoLive.Compliance.Requests;

/// <summary>The <c>Compliance:Requests</c> configuration section.</summary>
internal sealed class RequestOptions
{
    public const string Section = "Compliance:Requests";

    /// <summary>How often deadlines are checked, approved requests started and finished workflows purged.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(24);

    public int MaxCodeAttempts { get; set; } = 5;

    /// <summary>
    /// Whether a returned code alone approves a request. The code proves control of the email, not that the email belongs
    /// to the subject id; so by default (false) an officer still approves (seeing <c>emailVerifiedAt</c>). Set it true only
    /// where requests come from a session already authenticated as the subject (e.g. the account page behind the Gateway).
    /// </summary>
    public bool CodeApproves { get; set; }

    /// <summary>How long an export archive (and any link to it) stays available.</summary>
    public TimeSpan ArchiveLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a download link is valid when the caller does not say.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The app hosting the <c>DataSubjectRequest</c> workflow.</summary>
    public string WorkflowsAppId { get; set; } = "workflows";
}
