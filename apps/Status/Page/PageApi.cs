using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Page;

/// <summary>The public surface (open to anyone, marked <c>Public()</c>): <c>/status</c>, <c>/status/incidents/{id}</c>, <c>/api/v2/summary.json</c>, <c>/status/feed.atom</c>.</summary>
internal static class PageApi
{
    public const string CachePolicy = "status-page";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/status", (StatusSnapshotBuilder builder) =>
                TypedResults.Text(StatusPageHtml.Render(builder.Build()), "text/html; charset=utf-8"))
            .CacheOutput(CachePolicy).WithTags("Public").Public();

        routes.MapGet("/status/incidents/{id}", Results<ContentHttpResult, ProblemHttpResult> (
                string id, Incidents.IncidentBook incidents, IOptionsMonitor<PageOptions> page) =>
                incidents.Find(id) is { } incident
                    ? TypedResults.Text(StatusPageHtml.RenderIncident(page.CurrentValue.Title, incident), "text/html; charset=utf-8")
                    : Problems.NotFound(Incidents.IncidentsApi.IncidentNotFound, $"No incident {id}."))
            .CacheOutput(CachePolicy).WithTags("Public").Public();

        routes.MapGet("/api/v2/summary.json", (StatusSnapshotBuilder builder, HttpContext context, IOptionsMonitor<PageOptions> page) =>
                TypedResults.Ok(SummaryJson.From(builder.Build(), BaseUrl(context, page.CurrentValue))))
            .CacheOutput(CachePolicy).WithTags("Public").Public();

        routes.MapGet("/status/feed.atom", (StatusSnapshotBuilder builder, HttpContext context, IOptionsMonitor<PageOptions> page) =>
                TypedResults.Text(AtomFeed.Render(builder.Build(), BaseUrl(context, page.CurrentValue)), "application/atom+xml; charset=utf-8"))
            .CacheOutput(CachePolicy).WithTags("Public").Public();

        routes.MapGet("/", () => TypedResults.Redirect("/status")).ExcludeFromDescription().Public();
        return routes;
    }

    private static string BaseUrl(HttpContext context, PageOptions page) =>
        page.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}";
}
