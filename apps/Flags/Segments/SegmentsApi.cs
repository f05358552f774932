using GoLive.Flags.Admin;
using GoLive.Flags.Catalog;
using GoLive.Flags.Client;
using GoLive.Flags.Flags;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Flags.Segments;

/// <summary>Admin API for segments (reusable audiences referenced by <c>in_segment</c> conditions).</summary>
internal static class SegmentsApi
{
    public static RouteGroupBuilder MapSegments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/segments").WithTags("Segments").RequireOperator(OperatorRoles.FlagsAdmin);

        group.MapGet("/", async (CatalogEditor editor, CancellationToken ct) => TypedResults.Ok((await editor.ReadAsync(ct)).Segments));

        group.MapGet("/{key}", async Task<Results<Ok<Segment>, ProblemHttpResult>> (string key, CatalogEditor editor, CancellationToken ct) =>
            (await editor.ReadAsync(ct)).Segment(key) is { } segment
                ? TypedResults.Ok(segment)
                : Problems.NotFound(FlagsProblemCodes.SegmentNotFound, $"No segment '{key}'."));

        group.MapPut("/{key}", async Task<Results<Ok<Segment>, ProblemHttpResult, ValidationProblem>> (
            string key, Segment segment, CatalogEditor editor, HttpContext http, CancellationToken ct) =>
        {
            var errors = segment.Key == key ? FlagValidation.Check(segment) : new() { ["key"] = [$"The body's key must be '{key}'."] };
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }

            var (change, error) = await editor.EditAsync(
                catalog => Edit.OfSegment(catalog, FlagsChange.SegmentChanged, catalog.Segment(key), segment), http.Author(), ct);
            return error is not null ? Problems.Problem(error.Status, error.Code, error.Detail) : TypedResults.Ok(change!.SegmentAfter!);
        });

        group.MapDelete("/{key}", async Task<Results<NoContent, ProblemHttpResult>> (string key, CatalogEditor editor, HttpContext http, CancellationToken ct) =>
        {
            var (_, error) = await editor.EditAsync(catalog => Delete(catalog, key), http.Author(), ct);
            return error is not null ? Problems.Problem(error.Status, error.Code, error.Detail) : TypedResults.NoContent();
        });

        return group;
    }

    private static Edit Delete(FlagCatalog catalog, string key)
    {
        if (catalog.Segment(key) is not { } before)
        {
            return Edit.Fail(StatusCodes.Status404NotFound, FlagsProblemCodes.SegmentNotFound, $"No segment '{key}'.");
        }

        var users = catalog.Flags
            .Where(f => f.Rules.Any(r => r.Conditions.Any(c =>
                c.Operator is ConditionOperator.InSegment or ConditionOperator.NotInSegment && c.Values.Contains(key))))
            .Select(f => f.Key)
            .ToList();
        return users.Count > 0
            ? Edit.Fail(StatusCodes.Status409Conflict, FlagsProblemCodes.SegmentInUse, $"Segment '{key}' is used by {string.Join(", ", users)}.")
            : Edit.OfSegment(catalog, FlagsChange.SegmentDeleted, before, null);
    }
}
