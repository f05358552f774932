using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// One scheme, <see cref="Scheme"/>, for operators: it forwards <c>Bearer glo_…</c> to the operator-key handler and any
/// other bearer token to JwtBearer (when <c>Operators:Jwt</c> names an issuer). No default scheme is set, so requests on
/// other routes (the gateway's partner traffic) are never authenticated by it.
/// </summary>
public static class OperatorAuthentication
{
    /// <summary>The scheme to authenticate operators with (<c>HttpContext.AuthenticateAsync(Scheme)</c>).</summary>
    public const string Scheme = "Operator";

    /// <summary>Operator keys (<see cref="OperatorKey"/>).</summary>
    public const string KeyScheme = "OperatorKey";

    /// <summary>Bearer tokens of the configured OpenID Connect issuer.</summary>
    public const string JwtScheme = "OperatorJwt";

    internal static IServiceCollection AddOperatorAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OperatorOptions>(configuration.GetSection(OperatorOptions.Section));
        services.TryAddSingleton<IOperatorKeySource, SecretStoreOperatorKeys>();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureOperatorJwt>();
        services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Operators", policy => policy.ForwardDefaultSelector = context =>
                BearerToken(context.Request) is { } token && !token.StartsWith(OperatorKey.Prefix, StringComparison.Ordinal)
                && context.RequestServices.GetRequiredService<IOptionsMonitor<OperatorOptions>>().CurrentValue.Jwt.Enabled
                    ? JwtScheme
                    : KeyScheme)
            .AddScheme<AuthenticationSchemeOptions, OperatorKeyHandler>(KeyScheme, null)
            .AddJwtBearer(JwtScheme, _ => { });
        return services;
    }

    /// <summary>The token of <c>Authorization: Bearer …</c>, or null.</summary>
    internal static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count != 1 || authorization[0] is not { } value) return null;
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && value.Length > 7 ? value[7..].Trim() : null;
    }

    /// <summary>JwtBearer from <c>Operators:Jwt</c>: authority (or issuer), audience, and the claims that name the operator and its roles.</summary>
    private sealed class ConfigureOperatorJwt(IOptionsMonitor<OperatorOptions> operators) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(JwtBearerOptions options) { }

        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != JwtScheme) return;
            var jwt = operators.CurrentValue.Jwt;
            options.MapInboundClaims = false;
            options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
            if (!string.IsNullOrWhiteSpace(jwt.Authority)) options.Authority = jwt.Authority;
            options.Audience = jwt.Audience;
            var validation = options.TokenValidationParameters;
            validation.ValidateAudience = true;
            validation.ValidAudience = jwt.Audience;
            validation.ValidateIssuer = true;
            if (!string.IsNullOrWhiteSpace(jwt.Issuer)) validation.ValidIssuer = jwt.Issuer;
            validation.NameClaimType = jwt.NameClaim;
            validation.RoleClaimType = jwt.RoleClaim;
        }
    }
}
