using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Components;

/// <summary>The operator API for scheduled maintenance (role <c>status:operate</c>; the gateway may read it for partners).</summary>
internal static class MaintenanceApi
{
    public sealed record NewMaintenance(string? Title, IReadOnlyList<string>? Components, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Description);

    public static RouteGroupBuilder MapMaintenance(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/maintenances").WithTags("Maintenance").RequireOperator(OperatorRoles.StatusOperate);
        group.MapGet("/", (MaintenanceSchedule schedule) => TypedResults.Ok(schedule.All)).AllowApps("gateway");
        group.MapPost("/", ScheduleAsync);
        group.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, MaintenanceSchedule schedule, CancellationToken ct) =>
            await schedule.RemoveAsync(id, ct) ? TypedResults.NoContent() : Problems.NotFound("maintenance_not_found", $"No maintenance {id}."));
        return group;
    }

    private static async Task<Results<Created<MaintenanceWindow>, ValidationProblem>> ScheduleAsync(
        NewMaintenance? request, MaintenanceSchedule schedule, IOptionsMonitor<StatusComponentsOptions> components, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Title))
        {
            errors["title"] = ["title is required."];
        }

        if (request?.Components is not { Count: > 0 } ids || ids.Any(id => !components.CurrentValue.Ids.Contains(id)))
        {
            errors["components"] = ["Name one or more known components."];
        }

        if (request?.StartsAt is not { } starts || request.EndsAt is not { } ends || ends <= starts)
        {
            errors["endsAt"] = ["startsAt and endsAt are required, endsAt after startsAt."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The maintenance was not scheduled.");
        }

        var window = new MaintenanceWindow(
            $"mnt-{Guid.NewGuid():N}"[..16], request!.Title!, request.Components!, request.StartsAt!.Value, request.EndsAt!.Value, request.Description);
        await schedule.AddAsync(window, cancellationToken);
        return TypedResults.Created($"/v1/maintenances/{window.Id}", window);
    }
}
