using GoLive.ServiceDefaults;
using GoLive.Webhooks.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Webhooks.Privacy;

/// <summary>
/// The data-subject contract the Compliance app calls: endpoints' contact emails are the only personal data here.
/// Export lists them; erasure removes them (the endpoints keep working).
/// </summary>
public static class PrivacyApi
{
    public sealed record SubjectRequest(string? SubjectId, string? Email);

    public sealed record ExportedRecord(string EndpointId, string Url, string? Description, string ContactEmail, DateTimeOffset CreatedAt);

    public sealed record ExportResult(string SubjectId, string Service, IReadOnlyList<ExportedRecord> Records);

    public sealed record EraseResult(string SubjectId, string Service, int Erased);

    private const string Service = "webhooks";

    public static RouteGroupBuilder MapPrivacy(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/privacy").WithTags("Privacy");
        group.MapPost("/export", ExportAsync);
        group.MapPost("/erase", EraseAsync);
        return group;
    }

    private static async Task<Results<Ok<ExportResult>, ValidationProblem>> ExportAsync(
        SubjectRequest request, EndpointRegistry registry, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } problem)
        {
            return problem;
        }

        var records = (await Matching(registry, request.Email!, cancellationToken))
            .Select(e => new ExportedRecord(e.Id, e.Url, e.Description, e.ContactEmail!, e.CreatedAt))
            .ToList();
        return TypedResults.Ok(new ExportResult(request.SubjectId!, Service, records));
    }

    private static async Task<Results<Ok<EraseResult>, ValidationProblem>> EraseAsync(
        SubjectRequest request, EndpointRegistry registry, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } problem)
        {
            return problem;
        }

        var matching = await Matching(registry, request.Email!, cancellationToken);
        foreach (var endpoint in matching)
        {
            await registry.ChangeAsync(endpoint.Id, e => e with { ContactEmail = null }, cancellationToken);
        }

        return TypedResults.Ok(new EraseResult(request.SubjectId!, Service, matching.Count));
    }

    private static async Task<List<WebhookEndpoint>> Matching(EndpointRegistry registry, string email, CancellationToken cancellationToken) =>
        [.. (await registry.ListAsync(cancellationToken)).Where(e => string.Equals(e.ContactEmail, email.Trim(), StringComparison.OrdinalIgnoreCase))];

    private static ValidationProblem? Invalid(SubjectRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.SubjectId) || request.SubjectId.Length > 200)
        {
            errors["subjectId"] = ["Required, at most 200 characters."];
        }

        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 254)
        {
            errors["email"] = ["Required, at most 254 characters."];
        }

        return errors.Count > 0 ? Problems.Validation(errors) : null;
    }
}
