using System.Text.Json;
using System.Text.RegularExpressions;
using GoLive.DaprAccess;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GoLive.Gateway.Keys;

/// <summary>The admin API for partner keys, for operators with role <c>gateway:admin</c>.</summary>
internal static partial class KeysApi
{
    private const int DefaultOverlapSeconds = 24 * 60 * 60;
    private const int MaxOverlapSeconds = 30 * 24 * 60 * 60;

    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KeyOptions>(configuration.GetSection("Gateway:Keys"));
        services.AddSingleton<GatewaySecrets>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<ApiKeyAuthenticator>();
        return services;
    }

    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/keys").WithTags("Admin: API keys").RequireOperator(OperatorRoles.GatewayAdmin);
        admin.MapPost("/", Create).WithSummary("Create a key (the full key is shown once)");
        admin.MapGet("/", List).WithSummary("List keys, optionally of one organisation");
        admin.MapGet("/{id}", Get).WithSummary("One key");
        admin.MapPost("/{id}/rotate", Rotate).WithSummary("Issue a new secret; the old one stays valid for the overlap");
        admin.MapPost("/{id}/revoke", Revoke).WithSummary("Revoke every secret of the key");

        // Key changes from any instance (outbox events on gateway-events) drop the cached record here at once.
        // Other events on the topic (the key index) carry no keyId and are acknowledged untouched.
        endpoints.MapPost("/events/apikeys", (JsonElement change, ApiKeyAuthenticator keys) =>
        {
            if (change.ValueKind == JsonValueKind.Object && change.TryGetProperty("keyId", out var id) && id.ValueKind == JsonValueKind.String)
                keys.Evict(id.GetString()!);
            return TypedResults.Ok();
        }).WithTopic(new Dapr.TopicOptions { PubsubName = Components.PubSub, Name = Topics.GatewayEvents, DeadLetterTopic = Topics.DeadLetter(Topics.GatewayEvents) })
            .ExcludeFromDescription();
        return admin;
    }

    private static async Task<Results<Created<IssuedApiKey>, ValidationProblem>> Create(CreateApiKey request, ApiKeyRegistry registry,
        IOptions<KeyOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request, time.GetUtcNow());
        if (errors.Count > 0) return Problems.Validation(errors);
        var issued = await registry.CreateAsync(options.Value.Environment, request, cancellationToken);
        return TypedResults.Created($"/admin/keys/{issued.ApiKey.Id}", issued);
    }

    private static async Task<Ok<ApiKeyView[]>> List(string? organizationId, ApiKeyRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok((await registry.ListAsync(organizationId, cancellationToken)).Select(ApiKeyView.Of).ToArray());

    private static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> Get(string id, ApiKeyRegistry registry, CancellationToken cancellationToken) =>
        await registry.FindAsync(id, cancellationToken) is { } key ? TypedResults.Ok(ApiKeyView.Of(key)) : NotFound(id);

    private static async Task<Results<Ok<IssuedApiKey>, ProblemHttpResult, ValidationProblem>> Rotate(string id, RotateApiKey? request,
        ApiKeyRegistry registry, ApiKeyAuthenticator keys, CancellationToken cancellationToken)
    {
        var overlap = request?.OverlapSeconds ?? DefaultOverlapSeconds;
        if (overlap is < 0 or > MaxOverlapSeconds)
            return Problems.Validation([new("overlapSeconds", [$"Must be between 0 and {MaxOverlapSeconds}."])]);
        var issued = await registry.RotateAsync(id, TimeSpan.FromSeconds(overlap), cancellationToken);
        keys.Evict(id);
        return issued is null ? NotFound(id) : TypedResults.Ok(issued);
    }

    private static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> Revoke(string id, ApiKeyRegistry registry, ApiKeyAuthenticator keys,
        CancellationToken cancellationToken)
    {
        var revoked = await registry.RevokeAsync(id, cancellationToken);
        keys.Evict(id);
        return revoked is null ? NotFound(id) : TypedResults.Ok(ApiKeyView.Of(revoked));
    }

    private static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound(GatewayProblemCodes.ApiKeyNotFound, $"No API key {id}, or it is revoked.");

    private static Dictionary<string, string[]> Validate(CreateApiKey request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100) errors["name"] = ["Required, at most 100 characters."];
        if (request.OrganizationId is null || !Identifier().IsMatch(request.OrganizationId))
            errors["organizationId"] = ["Required: 1-64 letters, digits, '-' or '_'."];
        if (request.Scopes is not { Count: > 0 } scopes || scopes.Any(s => s is null || !Scope().IsMatch(s)))
            errors["scopes"] = ["At least one scope like 'status:read'."];
        if (request.ExpiresAt is { } expires && expires <= now) errors["expiresAt"] = ["Must be in the future."];
        if (request.RateLimit is { } limit && !IsValid(limit)) errors["rateLimit"] = ["limit ≥ 1 and windowSeconds 1-2678400."];
        if (request.Credits is { } credits && !IsValid(credits)) errors["credits"] = ["limit ≥ 1 and windowSeconds 1-2678400."];
        return errors;
    }

    private static bool IsValid(RateLimit limit) => limit.Limit is >= 1 and <= 1_000_000_000 && limit.WindowSeconds is >= 1 and <= 86_400 * 31;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}:[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex Scope();
}
