using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Webhooks.Endpoints;

/// <summary>
/// <c>/v1/endpoints</c>: the admin API for operators (<c>webhooks:admin</c>) and for partners through the Gateway (its sidecar).
/// Reads of endpoints (contact emails) and of their signing secrets by operators are audited.
/// </summary>
internal static class EndpointsApi
{
    public const string EndpointNotFound = "endpoint_not_found";

    public static RouteGroupBuilder MapEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/endpoints").WithTags("Endpoints").RequireOperator(OperatorRoles.WebhooksAdmin).AllowApps("gateway");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync).AuditReads();
        group.MapGet("/{id}", GetAsync).AuditReads();
        group.MapPut("/{id}", ReplaceAsync);
        group.MapDelete("/{id}", DeleteAsync);
        group.MapPost("/{id}/disable", DisableAsync);
        group.MapPost("/{id}/enable", (string id, EndpointRegistry registry, CancellationToken ct) => Answer(id, registry.EnableAsync(id, ct)));
        group.MapGet("/{id}/secret", SecretsAsync).AuditReads();
        group.MapPost("/{id}/secret/rotate", RotateAsync);
        return group;
    }

    private static async Task<Results<Created<CreatedEndpoint>, ValidationProblem>> CreateAsync(
        EndpointRequest request, EndpointRegistry registry, CancellationToken cancellationToken)
    {
        if (registry.Validate(request) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }

        var endpoint = await registry.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/v1/endpoints/{endpoint.Id}", new CreatedEndpoint(EndpointView.From(endpoint), endpoint.Secrets[0].Value));
    }

    private static async Task<Ok<IReadOnlyList<EndpointView>>> ListAsync(EndpointRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<EndpointView>>([.. (await registry.ListAsync(cancellationToken)).Select(EndpointView.From)]);

    private static Task<Results<Ok<EndpointView>, ProblemHttpResult>> GetAsync(string id, EndpointRegistry registry, CancellationToken cancellationToken) =>
        Answer(id, registry.FindAsync(id, cancellationToken));

    private static async Task<Results<Ok<EndpointView>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        string id, EndpointRequest request, EndpointRegistry registry, CancellationToken cancellationToken)
    {
        if (registry.Validate(request) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }

        return await registry.ReplaceAsync(id, request, cancellationToken) is { } endpoint
            ? TypedResults.Ok(EndpointView.From(endpoint))
            : NotFound(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, EndpointRegistry registry, CancellationToken cancellationToken) =>
        await registry.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static Task<Results<Ok<EndpointView>, ProblemHttpResult>> DisableAsync(string id, EndpointRegistry registry, CancellationToken cancellationToken) =>
        Answer(id, registry.DisableAsync(id, "Disabled by an operator.", cancellationToken));

    private static async Task<Results<Ok<EndpointSecrets>, ProblemHttpResult>> SecretsAsync(
        string id, EndpointRegistry registry, TimeProvider time, CancellationToken cancellationToken) =>
        await registry.FindAsync(id, cancellationToken) is { } endpoint
            ? TypedResults.Ok(new EndpointSecrets([.. endpoint.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > time.GetUtcNow())]))
            : NotFound(id);

    private static async Task<Results<Ok<EndpointSecrets>, ValidationProblem, ProblemHttpResult>> RotateAsync(
        string id, RotateSecretRequest? request, EndpointRegistry registry, CancellationToken cancellationToken)
    {
        if (request?.OverlapSeconds is < 0 or > 7 * 24 * 3600)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["overlapSeconds"] = ["Between 0 and 604800 (7 days)."] });
        }

        var overlap = request?.OverlapSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return await registry.RotateSecretAsync(id, overlap, cancellationToken) is { } endpoint
            ? TypedResults.Ok(new EndpointSecrets(endpoint.Secrets))
            : NotFound(id);
    }

    private static async Task<Results<Ok<EndpointView>, ProblemHttpResult>> Answer(string id, Task<WebhookEndpoint?> pending) =>
        await pending is { } endpoint ? TypedResults.Ok(EndpointView.From(endpoint)) : NotFound(id);

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound(EndpointNotFound, $"No endpoint {id}.");
}
