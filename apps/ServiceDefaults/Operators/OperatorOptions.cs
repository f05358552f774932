using GoLive.DaprAccess;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>The <c>Operators</c> configuration section: where key records live and which OpenID Connect issuer is trusted.</summary>
public sealed class OperatorOptions
{
    public const string Section = "Operators";

    /// <summary>The Dapr secret store holding the key records.</summary>
    public string SecretStore { get; set; } = Components.SecretStore;

    /// <summary>The secret holding the key records (<see cref="OperatorKeySecret"/>).</summary>
    public string KeysSecret { get; set; } = OperatorKeySecret.DefaultName;

    /// <summary>How long records are used before they are read again, so a revocation applies within this time.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the last records read are still used while the secret store cannot be read; then keys are refused with 503.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Bearer tokens from an OpenID Connect issuer (production operators); off while neither authority nor issuer is set.</summary>
    public OperatorJwtOptions Jwt { get; set; } = new();
}

/// <summary>The <c>Operators:Jwt</c> section, validated with <c>Microsoft.AspNetCore.Authentication.JwtBearer</c>.</summary>
public sealed class OperatorJwtOptions
{
    /// <summary>The issuer's base address; its discovery document gives the signing keys and the issuer name.</summary>
    public string? Authority { get; set; }

    /// <summary>The required <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>The required <c>iss</c> when it is not the authority's (or without an authority, with keys set in code).</summary>
    public string? Issuer { get; set; }

    /// <summary>The claim holding the operator's roles (one claim per role or a JSON array).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim naming the operator in audit events; <c>sub</c> when the token has none.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>Fetch the discovery document over HTTPS only.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(Issuer);
}
