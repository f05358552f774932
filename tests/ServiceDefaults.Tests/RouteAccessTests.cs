using System.Net.Http.Json;
using GoLive.ServiceDefaults.Operators;
using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.ServiceDefaults.Tests;

/// <summary>The route convention on a small app: public, operator (with roles, allowed apps) and internal routes.</summary>
public sealed class RouteAccessTests
{
    internal static void MapRoutes(WebApplication app)
    {
        app.MapGet("/public", () => "open").Public();
        app.MapPost("/incidents", (HttpContext http) => http.GetOperator()!.Name).RequireOperator(OperatorRoles.StatusOperate);
        app.MapGet("/incidents", () => "list").RequireOperator(OperatorRoles.StatusOperate).AllowApps("gateway");
        app.MapGet("/secrets", () => "secret").RequireOperator(OperatorRoles.WebhooksAdmin, OperatorRoles.GatewayAdmin).AuditReads();
        app.MapPost("/reports", () => "reported").AllowApps("workflows");
        app.MapPost("/samples", () => "fed").RequireOperator(OperatorRoles.StatusIngest).SkipAudit();
        app.MapPost("/subjects/{subject}/forget", (string subject) => subject).RequireOperator(OperatorRoles.ComplianceOfficer);
        var group = app.MapGroup("/ops").RequireOperator(OperatorRoles.FlagsAdmin);
        group.MapGet("/state", () => "state");
        group.MapGet("/open", () => "open too").Public();
    }

    private static Task<TestApp> StartAsync(string? appToken = TestApp.AppToken, string environment = "Production") =>
        TestApp.StartAsync(new Dictionary<string, string?> { ["APP_API_TOKEN"] = appToken ?? "" }, environment,
            services => services.UseTestOperators(), MapRoutes);

    private static HttpRequestMessage Request(HttpMethod method, string path, TestOperator? @operator = null, string? caller = null, bool appToken = false)
    {
        var request = new HttpRequestMessage(method, path);
        if (@operator is not null) request.Headers.Authorization = @operator.Authorization;
        if (caller is not null) request.Headers.Add("dapr-caller-app-id", caller);
        if (appToken) request.Headers.Add("dapr-api-token", TestApp.AppToken);
        return request;
    }

    [Fact]
    public async Task An_operator_route_without_credentials_is_a_401_problem_with_a_bearer_challenge()
    {
        await using var app = await StartAsync();

        using var response = await app.Direct.SendAsync(Request(HttpMethod.Post, "/incidents"));

        await ProblemResponse.ReadAsync(response, 401, ProblemCodes.CredentialsRequired);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_operator_with_the_role_is_let_in_directly_and_the_handler_knows_who()
    {
        await using var app = await StartAsync();

        using var direct = await app.Direct.SendAsync(Request(HttpMethod.Post, "/incidents", TestOperators.With(OperatorRoles.StatusOperate)));
        using var throughSidecar = await app.Direct.SendAsync(Request(HttpMethod.Post, "/incidents", TestOperators.Admin, caller: "status", appToken: true));

        Assert.Equal(200, (int)direct.StatusCode);
        Assert.Equal("test-status-operate", await direct.Content.ReadAsStringAsync());
        Assert.Equal("test-admin", await throughSidecar.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_valid_operator_without_the_role_is_a_403_problem()
    {
        await using var app = await StartAsync();

        using var none = await app.Direct.SendAsync(Request(HttpMethod.Post, "/incidents", TestOperators.NoRoles));
        using var other = await app.Direct.SendAsync(Request(HttpMethod.Post, "/incidents", TestOperators.With(OperatorRoles.FlagsAdmin)));

        var problem = await ProblemResponse.ReadAsync(none, 403, ProblemCodes.InsufficientRole);
        Assert.Contains(OperatorRoles.StatusOperate, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemResponse.ReadAsync(other, 403, ProblemCodes.InsufficientRole);
    }

    [Fact]
    public async Task Any_of_the_routes_roles_is_enough()
    {
        await using var app = await StartAsync();

        using var webhooks = await app.Direct.SendAsync(Request(HttpMethod.Get, "/secrets", TestOperators.With(OperatorRoles.WebhooksAdmin)));
        using var gateway = await app.Direct.SendAsync(Request(HttpMethod.Get, "/secrets", TestOperators.With(OperatorRoles.GatewayAdmin)));

        Assert.Equal(200, (int)webhooks.StatusCode);
        Assert.Equal(200, (int)gateway.StatusCode);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("revoked")]
    [InlineData("unknown")]
    [InlineData("wrong-secret")]
    [InlineData("malformed")]
    [InlineData("basic")]
    public async Task Expired_revoked_unknown_and_malformed_keys_are_all_the_same_401(string kind)
    {
        await using var app = await StartAsync();
        var authorization = kind switch
        {
            "expired" => TestOperators.Expired.Authorization.ToString(),
            "revoked" => TestOperators.Revoked.Authorization.ToString(),
            "unknown" => TestOperators.Create("nobodyknows", "ghost", OperatorRoles.All).Authorization.ToString(),
            "wrong-secret" => "Bearer " + TestOperators.Admin.Key[..^3] + "xyz",
            "malformed" => "Bearer glo_not a key",
            _ => "Basic dGVzdDp0ZXN0",
        };
        using var request = Request(HttpMethod.Post, "/incidents");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await app.Direct.SendAsync(request);

        var problem = await ProblemResponse.ReadAsync(response, 401, ProblemCodes.InvalidCredentials);
        Assert.Equal("The operator credentials are not valid (unknown, expired, revoked or malformed).", problem.GetProperty("detail").GetString());
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_app_calls_an_operator_route_through_its_sidecar_without_operator_credentials()
    {
        await using var app = await StartAsync();

        using var gateway = await app.Direct.SendAsync(Request(HttpMethod.Get, "/incidents", caller: "gateway", appToken: true));
        using var otherApp = await app.Direct.SendAsync(Request(HttpMethod.Get, "/incidents", caller: "flags", appToken: true));
        using var forged = await app.Direct.SendAsync(Request(HttpMethod.Get, "/incidents", caller: "gateway"));

        Assert.Equal(200, (int)gateway.StatusCode);
        await ProblemResponse.ReadAsync(otherApp, 401, ProblemCodes.CredentialsRequired);
        // Without the app token the caller header is anyone's claim.
        await ProblemResponse.ReadAsync(forged, 401, ProblemCodes.CredentialsRequired);
    }

    [Fact]
    public async Task An_internal_route_for_one_app_refuses_other_apps_and_operators()
    {
        await using var app = await StartAsync();

        using var workflows = await app.Direct.SendAsync(Request(HttpMethod.Post, "/reports", caller: "workflows", appToken: true));
        using var otherApp = await app.Direct.SendAsync(Request(HttpMethod.Post, "/reports", caller: "gateway", appToken: true));
        using var operatorDirect = await app.Direct.SendAsync(Request(HttpMethod.Post, "/reports", TestOperators.Admin, caller: "workflows"));

        Assert.Equal(200, (int)workflows.StatusCode);
        await ProblemResponse.ReadAsync(otherApp, 403, ProblemCodes.CallerNotAllowed);
        await ProblemResponse.ReadAsync(operatorDirect, 401, ProblemCodes.AppTokenRequired);
    }

    [Fact]
    public async Task Public_routes_are_open_and_a_route_mark_wins_over_its_groups()
    {
        await using var app = await StartAsync();

        Assert.Equal("open", await app.Direct.GetStringAsync(new Uri("/public", UriKind.Relative)));
        Assert.Equal("open too", await app.Direct.GetStringAsync(new Uri("/ops/open", UriKind.Relative)));
        using var grouped = await app.Direct.GetAsync(new Uri("/ops/state", UriKind.Relative));
        await ProblemResponse.ReadAsync(grouped, 401, ProblemCodes.CredentialsRequired);
    }

    [Fact]
    public async Task In_Development_without_a_token_internal_routes_are_open_but_operator_routes_still_need_an_operator()
    {
        await using var app = await StartAsync(appToken: null, environment: "Development");

        using var workflows = await app.Direct.SendAsync(Request(HttpMethod.Post, "/reports", caller: "workflows"));
        using var anonymous = await app.Direct.SendAsync(Request(HttpMethod.Post, "/incidents"));

        Assert.Equal(200, (int)workflows.StatusCode);
        await ProblemResponse.ReadAsync(anonymous, 401, ProblemCodes.CredentialsRequired);
    }

    [Fact]
    public async Task When_the_key_records_cannot_be_read_operator_routes_answer_503()
    {
        await using var app = await TestApp.StartAsync(configureServices: services =>
            services.AddSingleton<IOperatorKeySource>(new UnreadableKeys()), map: MapRoutes);

        using var response = await app.Direct.SendAsync(Request(HttpMethod.Post, "/incidents", TestOperators.Admin));

        await ProblemResponse.ReadAsync(response, 503, ProblemCodes.ServiceUnavailable);
    }

    private sealed class UnreadableKeys : IOperatorKeySource
    {
        public ValueTask<OperatorKeyRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
            throw new OperatorKeysUnavailableException("down");
    }
}
