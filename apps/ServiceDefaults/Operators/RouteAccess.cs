using Microsoft.AspNetCore.Builder;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// Who may call a route, one convention for every app. Without a mark a route is <b>internal</b>: only callers presenting
/// the sidecar's app token (<c>dapr-api-token</c>, i.e. Dapr invocation, pub/sub, bindings, actors) get in.
/// <list type="bullet">
/// <item><see cref="Public{TBuilder}"/>: open to anyone (the status page, the gateway's partner surface).</item>
/// <item><see cref="RequireOperator{TBuilder}"/>: an operator holding one of the roles, directly or through the sidecar.</item>
/// <item><see cref="AllowApps{TBuilder}"/>: these apps may also call it through their sidecar, without operator credentials
/// (on an internal route: only these apps). The caller is the sidecar's <c>dapr-caller-app-id</c>, trusted only with the app token.</item>
/// <item><see cref="AuditReads{TBuilder}"/>: operators' reads are audited too (secrets, personal data); writes always are,
/// except on data-plane routes marked <see cref="SkipAudit{TBuilder}"/>.</item>
/// </list>
/// Health routes are always open. The last mark on a route wins over its group's.
/// <example><c>group.MapGet("/{id}/secret", ...).RequireOperator(OperatorRoles.WebhooksAdmin).AllowApps("gateway").AuditReads();</c></example>
/// </summary>
public static class RouteAccess
{
    /// <summary>Open to any caller, directly or through the sidecar.</summary>
    public static TBuilder Public<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RouteAudience(RouteAudienceKind.Public, []));

    /// <summary>Requires an operator (key or OpenID Connect token) holding at least one of <paramref name="roles"/>.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Length == 0 || roles.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("Name at least one role.", nameof(roles));
        return builder.WithMetadata(new RouteAudience(RouteAudienceKind.Operator, roles));
    }

    /// <summary>Lets <paramref name="appIds"/> call the route through their sidecar; on an internal route, only them.</summary>
    public static TBuilder AllowApps<TBuilder>(this TBuilder builder, params string[] appIds) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(appIds);
        if (appIds.Length == 0 || appIds.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("Name at least one app id.", nameof(appIds));
        return builder.WithMetadata(new AllowedApps(appIds));
    }

    /// <summary>Lets any app call an operator route through its sidecar (e.g. samples: an app or an operator posts them).</summary>
    public static TBuilder AllowAnyApp<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AllowedApps.Any);

    /// <summary>Audits operators' GET requests on this route as well (reads of secrets or personal data).</summary>
    public static TBuilder AuditReads<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditPolicy(AuditReads: true));

    /// <summary>
    /// No audit event for this route: data fed by an operator's tool (samples every few seconds), not an administrative
    /// action; one event per call would flood the log. Refusals (403) are still audited.
    /// </summary>
    public static TBuilder SkipAudit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditPolicy(AuditReads: false, Skip: true));
}

internal enum RouteAudienceKind
{
    Public,
    Operator,
}

/// <summary>Route metadata: public, or operators with these roles (no metadata: internal).</summary>
internal sealed record RouteAudience(RouteAudienceKind Kind, IReadOnlyList<string> Roles);

/// <summary>Route metadata: the apps that may call through their sidecar (null list: any app).</summary>
internal sealed record AllowedApps(IReadOnlyList<string>? AppIds)
{
    public static readonly AllowedApps Any = new((IReadOnlyList<string>?)null);

    public bool Allows(string? appId) => AppIds is null || (appId is not null && AppIds.Contains(appId, StringComparer.Ordinal));
}

/// <summary>Route metadata: whether operators' reads are audited, or nothing is.</summary>
internal sealed record AuditPolicy(bool AuditReads, bool Skip = false);
