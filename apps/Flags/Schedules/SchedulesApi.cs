using GoLive.Flags.Admin;
using GoLive.Flags.Catalog;
using GoLive.Flags.Client;
using GoLive.Flags.Flags;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Flags.Schedules;

/// <summary>Admin API for scheduled changes: switch a flag on or off, or replace it, at a time.</summary>
internal static class SchedulesApi
{
    public static RouteGroupBuilder MapSchedules(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Schedules").RequireOperator(OperatorRoles.FlagsAdmin);

        group.MapGet("/schedules", async (CatalogEditor editor, CancellationToken ct) =>
            TypedResults.Ok((await editor.ReadAsync(ct)).Schedules));

        group.MapPost("/flags/{key}/schedules", async Task<Results<Created<ScheduledChange>, ProblemHttpResult, ValidationProblem>> (
            string key, ScheduleRequest request, CatalogEditor editor, TimeProvider time, HttpContext http, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (request.ApplyAt <= time.GetUtcNow())
            {
                errors["applyAt"] = ["Schedule changes in the future."];
            }

            if (request.Enabled is null == request.Flag is null)
            {
                errors["change"] = ["Give exactly one of 'enabled' or 'flag'."];
            }

            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }

            var author = http.Author(request.Reason);
            var schedule = new ScheduledChange(Guid.NewGuid().ToString("n"), key, request.ApplyAt, request.Enabled,
                request.Flag is null ? null : request.Flag with { Key = key }, author.Actor, author.Reason);
            var (_, error) = await editor.EditAsync(catalog => Add(catalog, schedule), author, ct);
            return error is not null
                ? Problems.Problem(error.Status, error.Code, error.Detail)
                : TypedResults.Created($"/v1/schedules/{schedule.Id}", schedule);
        });

        group.MapDelete("/schedules/{id}", async Task<Results<NoContent, ProblemHttpResult>> (
            string id, CatalogEditor editor, HttpContext http, CancellationToken ct) =>
        {
            var (_, error) = await editor.EditAsync(catalog => catalog.Schedules.FirstOrDefault(s => s.Id == id) is { } schedule
                ? new Edit(catalog with { Schedules = [.. catalog.Schedules.Where(s => s.Id != id)] },
                    FlagsChange.ChangeScheduled, schedule.FlagKey, catalog.Flag(schedule.FlagKey), catalog.Flag(schedule.FlagKey))
                : Edit.Fail(StatusCodes.Status404NotFound, FlagsProblemCodes.ScheduleNotFound, $"No schedule '{id}'."), http.Author(), ct);
            return error is not null ? Problems.Problem(error.Status, error.Code, error.Detail) : TypedResults.NoContent();
        });

        return group;
    }

    private static Edit Add(FlagCatalog catalog, ScheduledChange schedule)
    {
        if (catalog.Flag(schedule.FlagKey) is not { } flag)
        {
            return Edit.FlagNotFound(schedule.FlagKey);
        }

        if (schedule.Flag is { } replacement && FlagValidation.Check(replacement, catalog.Segments) is { Count: > 0 } errors)
        {
            return Edit.Fail(StatusCodes.Status400BadRequest, FlagsProblemCodes.InvalidSchedule,
                string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        return new Edit(catalog with { Schedules = [.. catalog.Schedules, schedule] }, FlagsChange.ChangeScheduled, flag.Key, flag, flag);
    }
}

internal sealed record ScheduleRequest(DateTimeOffset ApplyAt, bool? Enabled, FlagDefinition? Flag, string? Reason);
