using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Requests;

/// <summary>
/// Data-subject requests: open, verify or approve, follow, cancel (officers, role <c>compliance:officer</c>; operators' reads
/// are audited); the workflow's reports (only the workflows app, through its sidecar); the export archive (its signed link).
/// </summary>
internal static class RequestsApi
{
    public static IEndpointRouteBuilder MapDataSubjectRequests(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/data-subject-requests").WithTags("Data-subject requests").RequireOperator(OperatorRoles.ComplianceOfficer);
        group.MapPost("", OpenAsync);
        group.MapGet("", ListAsync).AuditReads();
        group.MapGet("/{id}", async Task<Results<Ok<DataSubjectRequest>, ProblemHttpResult>> (string id, DataSubjectRequests requests, CancellationToken ct) =>
            await requests.FindAsync(id, ct) is { } request ? TypedResults.Ok(request) : NotFound(id)).AuditReads();
        group.MapPost("/{id}/verify", VerifyAsync);
        group.MapPost("/{id}/approve", ApproveAsync);
        group.MapPost("/{id}/cancel", CancelAsync);
        // Called by the DataSubjectRequest workflow (Dapr invocation from the workflows app) and by nobody else: internal routes
        // for that one app (the sidecar's dapr-caller-app-id, believed only with the app token).
        var workflows = routes.ServiceProvider.GetRequiredService<IOptions<RequestOptions>>().Value.WorkflowsAppId;
        var reports = routes.MapGroup("/v1/data-subject-requests").WithTags("Data-subject requests").AllowApps(workflows);
        reports.MapPost("/{id}/outcomes", async Task<Results<Ok<DataSubjectRequest>, ProblemHttpResult, ValidationProblem>> (string id,
            ParticipantReport report, DataSubjectRequests requests, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(report.Participant)) return Problems.Validation(new Dictionary<string, string[]> { ["participant"] = ["Required."] });
            if (await requests.RecordOutcomeAsync(id, report, ct) is { } updated) return TypedResults.Ok(updated);
            return await requests.FindAsync(id, ct) is { } current ? TypedResults.Ok(current) : NotFound(id);
        });
        reports.MapPost("/{id}/result", async Task<Results<Ok<DataSubjectRequest>, ProblemHttpResult>> (string id, RequestResult result,
            DataSubjectRequests requests, CancellationToken ct) =>
            await requests.CompleteAsync(id, result, ct) is { } request ? TypedResults.Ok(request) : NotFound(id));
        group.MapPost("/{id}/export-links", IssueLinkAsync);
        // The signed, expiring link is the credential: the subject downloads without an operator.
        group.MapGet("/{id}/archive", DownloadAsync).Public();
        return routes;
    }

    private static async Task<Results<Created<DataSubjectRequest>, ProblemHttpResult, ValidationProblem>> OpenAsync(NewRequest body,
        DataSubjectRequests requests, CancellationToken ct)
    {
        var errors = DataSubjectRequests.Errors(body);
        if (errors.Count > 0) return Problems.Validation(errors);
        var opened = await requests.OpenAsync(body, ct);
        if (opened.Duplicate)
        {
            return Problems.Conflict(ComplianceProblems.RequestAlreadyOpen,
                $"Request {opened.Request.Id} of this type is still open for this subject; follow it at /v1/data-subject-requests/{opened.Request.Id}.");
        }
        return TypedResults.Created($"/v1/data-subject-requests/{opened.Request.Id}", opened.Request);
    }

    private static async Task<Results<Ok<IReadOnlyList<DataSubjectRequest>>, ValidationProblem>> ListAsync(string? status, DataSubjectRequests requests,
        CancellationToken ct)
    {
        RequestStatus? filter = null;
        if (status is not null && (filter = DataSubjectRequests.Parse<RequestStatus>(status)) is null)
        {
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["status"] = ["One of pending, identity_unverified, approved, in_processing, complete, error, canceled."],
            });
        }
        return TypedResults.Ok(await requests.ListAsync(filter, ct));
    }

    private static async Task<Results<Ok<DataSubjectRequest>, ProblemHttpResult, ValidationProblem>> VerifyAsync(string id, CodeCheck body,
        DataSubjectRequests requests, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Code) || body.Code.Trim().Length != 6 || !body.Code.Trim().All(char.IsAsciiDigit))
            return Problems.Validation(new Dictionary<string, string[]> { ["code"] = ["Required: the 6-digit code sent to the email."] });
        if (await requests.FindAsync(id, ct) is not { } current) return NotFound(id);
        if (current.Status != RequestStatus.Pending)
            return Problems.Conflict(ComplianceProblems.RequestNotPending, $"Request {id} is {Json(current.Status)}, not waiting for a code.");
        var (request, verdict) = await requests.VerifyAsync(id, body.Code, ct);
        return verdict switch
        {
            CodeVerdict.Verified when request is not null => TypedResults.Ok(request),
            CodeVerdict.Wrong => Problems.BadRequest(ComplianceProblems.InvalidVerificationCode, "The code does not match."),
            _ => Problems.Problem(StatusCodes.Status422UnprocessableEntity, ComplianceProblems.VerificationFailed,
                "The code expired or was tried too often: an operator must verify the identity and approve, or cancel the request."),
        };
    }

    private static async Task<Results<Ok<DataSubjectRequest>, ProblemHttpResult, ValidationProblem>> ApproveAsync(string id, Approval body,
        DataSubjectRequests requests, HttpContext http, CancellationToken ct)
    {
        // The officer who approves is the operator of the request unless the body names whom they act for.
        body = body with { ApprovedBy = string.IsNullOrWhiteSpace(body.ApprovedBy) ? http.GetOperator()?.Actor : body.ApprovedBy };
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.ApprovedBy) || body.ApprovedBy.Length > 200) errors["approvedBy"] = ["Required (the operator), at most 200 characters."];
        if (string.IsNullOrWhiteSpace(body.Method) || body.Method.Length > 200) errors["method"] = ["Required: how the identity was verified, at most 200 characters."];
        if (errors.Count > 0) return Problems.Validation(errors);
        if (await requests.FindAsync(id, ct) is null) return NotFound(id);
        return await requests.ApproveAsync(id, body.ApprovedBy!, body.Method!, ct) is { } approved
            ? TypedResults.Ok(approved)
            : Problems.Conflict(ComplianceProblems.RequestNotApprovable, $"Request {id} is not pending or identity_unverified.");
    }

    private static async Task<Results<Ok<DataSubjectRequest>, ProblemHttpResult, ValidationProblem>> CancelAsync(string id, Cancellation body,
        DataSubjectRequests requests, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
            return Problems.Validation(new Dictionary<string, string[]> { ["reason"] = ["Required, at most 500 characters."] });
        if (await requests.FindAsync(id, ct) is null) return NotFound(id);
        return await requests.CancelAsync(id, body.Reason, ct) is { } canceled
            ? TypedResults.Ok(canceled)
            : Problems.Conflict(ComplianceProblems.RequestNotCancelable, $"Request {id} is already being processed or finished.");
    }

    private static async Task<Results<Created<ExportLink>, ProblemHttpResult>> IssueLinkAsync(string id, int? validMinutes, DataSubjectRequests requests,
        ExportLinks links, IOptions<RequestOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (await requests.FindAsync(id, ct) is not { } request) return NotFound(id);
        if (request.Archive is not { } archive) return Problems.NotFound(ComplianceProblems.ArchiveNotFound, $"Request {id} has no export archive (yet).");
        // A link never outlives the archive.
        var lifetime = validMinutes is > 0 and <= 7 * 24 * 60 ? TimeSpan.FromMinutes(validMinutes.Value) : options.Value.LinkLifetime;
        var left = archive.ExpiresAt - time.GetUtcNow();
        var link = await links.IssueAsync(id, lifetime < left ? lifetime : left, ct);
        await requests.AuditAsync(request, "dsr.export.link-issued", "service:compliance", ct,
            new() { ["expiresAt"] = link.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        return TypedResults.Created(link.Url, link);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(string id, long? expires, string? signature,
        DataSubjectRequests requests, ExportLinks links, RequestStore store, CancellationToken ct)
    {
        if (expires is null || string.IsNullOrEmpty(signature))
            return Problems.Forbidden(ComplianceProblems.InvalidSignature, "The link needs expires and signature.");
        var verdict = await links.CheckAsync(id, expires.Value, signature, ct);
        if (verdict == LinkVerdict.BadSignature) return Problems.Forbidden(ComplianceProblems.InvalidSignature, "The link's signature does not match.");
        if (verdict == LinkVerdict.Expired) return Problems.Problem(StatusCodes.Status410Gone, ComplianceProblems.LinkExpired, "The link has expired; ask for a new one.");
        if (await requests.FindAsync(id, ct) is not { Archive: not null } request || await store.ArchiveAsync(id, ct) is not { } zip)
            return Problems.NotFound(ComplianceProblems.ArchiveNotFound, "The archive is no longer available.");
        await requests.AuditAsync(request, "dsr.export.downloaded", "link", ct);
        return TypedResults.File(zip, "application/zip", $"{id}.zip");
    }

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound(ComplianceProblems.RequestNotFound, $"No data-subject request {id}.");

    private static string Json(RequestStatus status) => System.Text.Json.JsonSerializer.Serialize(status).Trim('"');
}
