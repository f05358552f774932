using System.Security.Cryptography;
using GoLive.ServiceDefaults.Operators;
using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GoLive.ServiceDefaults.Tests;

/// <summary>OpenID Connect tokens: validated by JwtBearer against keys set here, as an issuer's discovery document would give them.</summary>
public sealed class OperatorJwtTests
{
    private const string Issuer = "https://login.example.test/golive";
    private const string Audience = "golive-operators";
    private static readonly ECDsaSecurityKey IssuerKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "issuer-key" };
    private static readonly ECDsaSecurityKey OtherKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "issuer-key" };

    private static Task<TestApp> StartAsync(RecordedAudit? audit = null) => TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Operators:Jwt:Issuer"] = Issuer,
            ["Operators:Jwt:Audience"] = Audience,
        }, configureServices: services =>
        {
            services.PostConfigure<JwtBearerOptions>(OperatorAuthentication.JwtScheme, o => o.TokenValidationParameters.IssuerSigningKey = IssuerKey);
            if (audit is not null) services.RecordAudit(audit);
        }, map: RouteAccessTests.MapRoutes);

    private static string Token(string[] roles, string issuer = Issuer, string audience = Audience, SecurityKey? key = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "00u-kim", ["name"] = "Kim Officer", ["roles"] = roles },
            SigningCredentials = new SigningCredentials(key ?? IssuerKey, SecurityAlgorithms.EcdsaSha256),
        });

    private static async Task<HttpResponseMessage> PostAsync(TestApp app, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incidents");
        request.Headers.Authorization = new("Bearer", token);
        return await app.Direct.SendAsync(request);
    }

    [Fact]
    public async Task A_token_of_the_issuer_with_the_role_claim_is_accepted_and_its_name_is_the_operator()
    {
        var audit = new RecordedAudit();
        await using var app = await StartAsync(audit);

        using var response = await PostAsync(app, Token([OperatorRoles.StatusOperate, OperatorRoles.FlagsAdmin]));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Kim Officer", await response.Content.ReadAsStringAsync());
        var recorded = await audit.SingleAsync(e => e.Action == "POST /incidents", "the operator action is audited");
        Assert.Equal("operator:Kim Officer", recorded.Actor);
        Assert.Equal("00u-kim", recorded.Details!["operatorId"]);
        Assert.Equal("oidc", recorded.Details["authentication"]);
    }

    [Fact]
    public async Task A_token_without_the_routes_role_is_a_403()
    {
        await using var app = await StartAsync();

        using var response = await PostAsync(app, Token([OperatorRoles.FlagsAdmin]));

        await ProblemResponse.ReadAsync(response, 403, ProblemCodes.InsufficientRole);
    }

    [Theory]
    [InlineData("issuer")]
    [InlineData("audience")]
    [InlineData("signature")]
    [InlineData("garbage")]
    public async Task A_token_of_another_issuer_audience_or_key_is_the_same_401_as_a_bad_key(string wrong)
    {
        await using var app = await StartAsync();
        var token = wrong switch
        {
            "issuer" => Token([OperatorRoles.StatusOperate], issuer: "https://evil.example.test"),
            "audience" => Token([OperatorRoles.StatusOperate], audience: "another-api"),
            "signature" => Token([OperatorRoles.StatusOperate], key: OtherKey),
            _ => "eyJhbGciOiJub25lIn0.e30.",
        };

        using var response = await PostAsync(app, token);

        await ProblemResponse.ReadAsync(response, 401, ProblemCodes.InvalidCredentials);
    }

    [Fact]
    public async Task Without_an_issuer_configured_tokens_are_refused_and_keys_still_work()
    {
        await using var app = await TestApp.StartAsync(configureServices: services => services.UseTestOperators(), map: RouteAccessTests.MapRoutes);

        using var token = await PostAsync(app, Token([OperatorRoles.StatusOperate]));
        using var key = await PostAsync(app, TestOperators.Admin.Key);

        await ProblemResponse.ReadAsync(token, 401, ProblemCodes.InvalidCredentials);
        Assert.Equal(200, (int)key.StatusCode);
    }
}
