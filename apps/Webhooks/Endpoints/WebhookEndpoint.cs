namespace GoLive.Webhooks.Endpoints;

/// <summary>A partner's receiving URL, what it wants, how to sign for it and how hard it may be pushed.</summary>
internal sealed record WebhookEndpoint(
    string Id,
    string Url,
    string? Description,
    IReadOnlyList<string> EventTypes,
    string? ContactEmail,
    IReadOnlyList<EndpointSecret> Secrets,
    EndpointThrottle Throttle,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Disabled = false,
    string? DisabledReason = null,
    DateTimeOffset? FailingSince = null)
{
    /// <summary>Whether an event type passes the filters: none means all; <c>a.b.*</c> matches by prefix.</summary>
    public bool Accepts(string eventType) =>
        EventTypes.Count == 0 || EventTypes.Any(filter => filter.EndsWith(".*", StringComparison.Ordinal)
            ? eventType.StartsWith(filter[..^1], StringComparison.Ordinal)
            : string.Equals(filter, eventType, StringComparison.Ordinal));

    /// <summary>The secrets that sign at <paramref name="now"/>: the current one and any still overlapping.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        [.. Secrets.Where(secret => secret.ExpiresAt is null || secret.ExpiresAt > now).Select(secret => secret.Value)];
}

/// <summary>A signing secret; a rotated-out one carries the end of its overlap window.</summary>
internal sealed record EndpointSecret(string Value, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null);

/// <summary>Per-endpoint throttling: deliveries in flight at once, and attempts per second.</summary>
internal sealed record EndpointThrottle(int MaxConcurrency = 10, int RatePerSecond = 50);

/// <summary>What the admin API shows of an endpoint (never its secrets).</summary>
internal sealed record EndpointView(
    string Id, string Url, string? Description, IReadOnlyList<string> EventTypes, string? ContactEmail,
    EndpointThrottle Throttle, bool Disabled, string? DisabledReason, DateTimeOffset? FailingSince,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static EndpointView From(WebhookEndpoint e) => new(
        e.Id, e.Url, e.Description, e.EventTypes, e.ContactEmail, e.Throttle, e.Disabled, e.DisabledReason,
        e.FailingSince, e.CreatedAt, e.UpdatedAt);
}

/// <summary>Create or replace request.</summary>
internal sealed record EndpointRequest(
    string? Url, string? Description, IReadOnlyList<string>? EventTypes, string? ContactEmail,
    int? MaxConcurrency, int? RatePerSecond);

/// <summary>Answer to a create: the endpoint and the secret the partner must keep.</summary>
internal sealed record CreatedEndpoint(EndpointView Endpoint, string Secret);

/// <summary>Rotation request: how long the old secret keeps signing (seconds; 0 ends it now).</summary>
internal sealed record RotateSecretRequest(int? OverlapSeconds);

/// <summary>The secrets signing now, newest first, with the end of each overlap.</summary>
internal sealed record EndpointSecrets(IReadOnlyList<EndpointSecret> Secrets);
