using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Compliance.Consent;

/// <summary>Recording consent decisions and reading a subject's consent with its history.</summary>
internal static class ConsentApi
{
    public static IEndpointRouteBuilder MapConsent(this IEndpointRouteBuilder routes)
    {
        // Consents name a subject: an officer records and reads them, and reads are audited.
        var group = routes.MapGroup("/v1/consents").WithTags("Consent").RequireOperator(OperatorRoles.ComplianceOfficer).AuditReads();
        group.MapPost("", async Task<Results<Created<ConsentRecord>, ValidationProblem>> (ConsentChange change, ConsentRecords consents,
            CancellationToken ct) =>
        {
            var errors = ConsentRecords.Errors(change);
            if (errors.Count > 0) return Problems.Validation(errors);
            var record = await consents.RecordAsync(change, ct);
            return TypedResults.Created($"/v1/consents/{Uri.EscapeDataString(record.Subject)}", record);
        });
        group.MapGet("/{subject}", async Task<Results<Ok<ConsentHistory>, ProblemHttpResult>> (string subject, ConsentRecords consents,
            CancellationToken ct) =>
            await consents.HistoryAsync(subject, ct) is { } history
                ? TypedResults.Ok(history)
                : Problems.NotFound(ComplianceProblems.SubjectNotFound, "No consent recorded for this subject."));
        return routes;
    }
}
