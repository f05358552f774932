using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using GoLive.Status.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Incidents;

/// <summary>The operator API for incidents (role <c>status:operate</c>; the gateway may read them for partners).</summary>
internal static class IncidentsApi
{
    public const string IncidentNotFound = "incident_not_found";

    public static RouteGroupBuilder MapIncidents(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/incidents").WithTags("Incidents").RequireOperator(OperatorRoles.StatusOperate);
        group.MapGet("/", (IncidentBook book) => TypedResults.Ok(book.All.ToList())).AllowApps("gateway");
        group.MapGet("/{id}", Results<Ok<Incident>, ProblemHttpResult> (string id, IncidentBook book) =>
            book.Find(id) is { } incident ? TypedResults.Ok(incident) : NotFound(id)).AllowApps("gateway");
        group.MapPost("/", OpenAsync);
        group.MapPost("/{id}/updates", UpdateAsync);
        return group;
    }

    private static async Task<Results<Created<Incident>, ValidationProblem>> OpenAsync(
        NewIncident? request, IncidentBook book, IOptionsMonitor<StatusComponentsOptions> components, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Title) || request.Title.Length > 200)
        {
            errors["title"] = ["title is required (at most 200 characters)."];
        }

        if (string.IsNullOrWhiteSpace(request?.Message))
        {
            errors["message"] = ["message (the first public update) is required."];
        }

        CheckComponents(request?.Components, components.CurrentValue, errors, required: true);
        if (request?.Status == IncidentStatus.Resolved)
        {
            errors["status"] = ["An incident cannot be opened resolved."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The incident was not opened.");
        }

        var incident = await book.OpenAsync(request!, slo: null, cancellationToken);
        return TypedResults.Created($"/v1/incidents/{incident.Id}", incident);
    }

    private static async Task<Results<Ok<Incident>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, IncidentChange? change, IncidentBook book, IOptionsMonitor<StatusComponentsOptions> components, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (change is null || change == new IncidentChange())
        {
            errors["body"] = ["Give at least one of status, message, severity, components, postmortemUrl."];
        }

        CheckComponents(change?.Components, components.CurrentValue, errors, required: false);
        if (change?.PostmortemUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            errors["postmortemUrl"] = ["postmortemUrl must be an absolute http(s) URL."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The incident was not changed.");
        }

        return book.UpdateAsync(id, change!, cancellationToken) is { } pending
            ? TypedResults.Ok(await pending)
            : NotFound(id);
    }

    private static void CheckComponents(IReadOnlyList<string>? ids, StatusComponentsOptions options, Dictionary<string, string[]> errors, bool required)
    {
        if (ids is null || ids.Count == 0)
        {
            if (required)
            {
                errors["components"] = ["Name at least one affected component."];
            }

            return;
        }

        var unknown = ids.Where(id => !options.Ids.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            errors["components"] = [$"Unknown components: {string.Join(", ", unknown)}."];
        }
    }

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound(IncidentNotFound, $"No incident {id}.");
}
