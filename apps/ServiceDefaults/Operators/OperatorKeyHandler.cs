using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// Authenticates <c>Authorization: Bearer glo_…</c>. Unknown, expired, revoked and malformed keys fail alike (one 401 for
/// all, so a caller learns nothing about which); the hash comparison is constant-time.
/// </summary>
internal sealed class OperatorKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOperatorKeySource keys, TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    internal const string KeyIdClaim = "operator_key_id";
    internal const string NameClaim = "name";
    internal const string RoleClaim = "role";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (OperatorAuthentication.BearerToken(Request) is not { } token) return AuthenticateResult.NoResult();
        if (!OperatorKey.TryParse(token, out var id)) return AuthenticateResult.Fail("Not an operator key.");

        OperatorKeyRecord? record;
        try
        {
            record = await keys.FindAsync(id, Context.RequestAborted);
        }
        catch (OperatorKeysUnavailableException e)
        {
            return AuthenticateResult.Fail(e);
        }

        // Hash first, whatever the record says, so every refusal costs the same.
        var matches = OperatorKey.Matches(token, record?.Hash);
        if (!matches || record is null || !record.IsActiveAt(time.GetUtcNow())) return AuthenticateResult.Fail("Unknown, expired or revoked operator key.");

        var identity = new ClaimsIdentity(Scheme.Name, NameClaim, RoleClaim);
        identity.AddClaim(new Claim(NameClaim, record.Name));
        identity.AddClaim(new Claim(KeyIdClaim, record.Id));
        foreach (var role in record.Roles) identity.AddClaim(new Claim(RoleClaim, role));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
