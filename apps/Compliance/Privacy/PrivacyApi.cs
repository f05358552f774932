using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Compliance.Privacy;

/// <summary><c>POST /v1/subjects/{subject}/pseudonymise</c>: the audit log's part of an erasure.</summary>
internal static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/subjects/{subject}/pseudonymise", async Task<Results<Ok<PseudonymisationResult>, ProblemHttpResult>> (string subject,
            SubjectPseudonyms pseudonyms, CancellationToken ct) =>
            await pseudonyms.PseudonymiseAsync(subject, ct) is { } result
                ? TypedResults.Ok(result)
                : Problems.NotFound(ComplianceProblems.SubjectNotFound, "No audit entry names this subject."))
            .WithTags("Privacy").RequireOperator(OperatorRoles.ComplianceOfficer);
        return routes;
    }
}
