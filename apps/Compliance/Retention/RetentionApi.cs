using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Compliance.Retention;

/// <summary>The <c>retention-cron</c> input binding runs the policies; operators can run them now and see the last run.</summary>
internal static class RetentionApi
{
    public const string CronBinding = "retention-cron";

    public static IEndpointRouteBuilder MapRetention(this IEndpointRouteBuilder routes)
    {
        // The sidecar POSTs here on every tick of components/*/retention-cron.yaml.
        routes.MapPost($"/{CronBinding}", async (RetentionRuns runs, CancellationToken ct) => TypedResults.Ok(await runs.RunAsync(ct)))
            .ExcludeFromDescription();
        var group = routes.MapGroup("/v1/retention").WithTags("Retention").RequireOperator(OperatorRoles.ComplianceOfficer);
        group.MapPost("/runs", async (RetentionRuns runs, CancellationToken ct) => TypedResults.Ok(await runs.RunAsync(ct)));
        group.MapGet("/runs/last", async Task<Results<Ok<RetentionRun>, ProblemHttpResult>> (RetentionRuns runs, CancellationToken ct) =>
            await runs.LastAsync(ct) is { } run ? TypedResults.Ok(run) : Problems.NotFound(ProblemCodes.NotFound, "No retention run yet."))
            .RequireOperator(OperatorRoles.ComplianceOfficer, OperatorRoles.ComplianceAuditor);
        return routes;
    }
}
