namespace GoLive.Compliance;

/// <summary>The Compliance app's own problem codes (beside <c>ProblemCodes</c>).</summary>
internal static class ComplianceProblems
{
    public const string InvalidQuery = "invalid_query";
    public const string InvalidTreeSize = "invalid_tree_size";
    public const string EntryNotFound = "entry_not_found";
    public const string NoTreeHead = "no_tree_head";
    public const string InvalidSelection = "invalid_selection";
    public const string NothingSelected = "nothing_selected";
    public const string InvalidConsent = "invalid_consent";
    public const string SubjectNotFound = "subject_not_found";
    public const string RequestNotFound = "request_not_found";
    public const string RequestAlreadyOpen = "request_already_open";
    public const string RequestNotPending = "request_not_pending";
    public const string RequestNotApprovable = "request_not_approvable";
    public const string RequestNotCancelable = "request_not_cancelable";
    public const string InvalidVerificationCode = "invalid_verification_code";
    public const string VerificationFailed = "verification_failed";
    public const string ArchiveNotFound = "archive_not_found";
    public const string InvalidSignature = "invalid_signature";
    public const string LinkExpired = "link_expired";
}
