using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>The operator behind a request on an operator route: who (for audit events and change records), how, and what they may do.</summary>
/// <param name="Name">The key's name, or the token's name claim (its subject when it has none).</param>
/// <param name="Id">The key id, or the token's subject.</param>
/// <param name="Method"><c>operator-key</c> or <c>oidc</c>.</param>
/// <param name="Roles">The roles the credential carries.</param>
public sealed record OperatorIdentity(string Name, string Id, string Method, IReadOnlyList<string> Roles)
{
    /// <summary>The audit actor for this operator: <c>operator:&lt;name&gt;</c>.</summary>
    public string Actor => $"operator:{Name}";

    internal static OperatorIdentity? From(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity) return null;
        var isKey = identity.AuthenticationType == OperatorAuthentication.KeyScheme;
        var id = isKey ? identity.FindFirst(OperatorKeyHandler.KeyIdClaim)?.Value : identity.FindFirst("sub")?.Value;
        var name = identity.Name is { Length: > 0 } n ? n : id;
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(id)) return null;
        var roles = identity.FindAll(identity.RoleClaimType).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToArray();
        return new OperatorIdentity(name, id, isKey ? "operator-key" : "oidc", roles);
    }
}

/// <summary>Reads the operator of the current request.</summary>
public static class OperatorHttpContextExtensions
{
    /// <summary>The operator who made this request, or null when it came from an app through its sidecar (or a public route).</summary>
    public static OperatorIdentity? GetOperator(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<OperatorFeature>()?.Operator;
    }
}

internal sealed record OperatorFeature(OperatorIdentity Operator);
