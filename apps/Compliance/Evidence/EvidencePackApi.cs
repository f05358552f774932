using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Compliance.Evidence;

/// <summary><c>POST /v1/evidence-packs</c>: one archive for a subject, a case (correlation id) or a time range.</summary>
internal static class EvidencePackApi
{
    public static IEndpointRouteBuilder MapEvidencePacks(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/evidence-packs", Create).WithTags("Evidence packs").RequireOperator(OperatorRoles.ComplianceOfficer);
        return routes;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Create(EvidenceSelection selection, EvidencePacks packs,
        TimeProvider time, CancellationToken ct)
    {
        if (selection.Error() is { } error) return Problems.BadRequest(ComplianceProblems.InvalidSelection, error);

        // Packs can be large: build in a temporary file deleted once the response is sent.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose);
        if (!await packs.WriteAsync(selection, file, ct))
        {
            await file.DisposeAsync();
            return Problems.NotFound(ComplianceProblems.NothingSelected, "No audit entries match the selection.");
        }
        file.Position = 0;
        return TypedResults.File(file, "application/zip", $"evidence-pack-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.zip");
    }
}
