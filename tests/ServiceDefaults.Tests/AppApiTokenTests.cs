using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace GoLive.ServiceDefaults.Tests;

public sealed class AppApiTokenTests
{
    private const string Token = "s3cret-from-daprd";

    private static Task<TestApp> StartWithTokenAsync() =>
        TestApp.StartAsync(new Dictionary<string, string?> { ["APP_API_TOKEN"] = Token });

    [Fact]
    public async Task An_internal_route_without_dapr_api_token_is_refused_with_a_401_problem()
    {
        await using var app = await StartWithTokenAsync();

        using var response = await app.Direct.GetAsync(new Uri("/correlation", UriKind.Relative));

        await ProblemResponse.ReadAsync(response, 401, ProblemCodes.AppTokenRequired);
        Assert.Equal("dapr-api-token", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(Token + "x")]
    [InlineData("")]
    public async Task An_internal_route_with_a_wrong_dapr_api_token_is_refused(string presented)
    {
        await using var app = await StartWithTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/correlation");
        request.Headers.TryAddWithoutValidation("dapr-api-token", presented);

        using var response = await app.Direct.SendAsync(request);

        await ProblemResponse.ReadAsync(response, 401, ProblemCodes.AppTokenRequired);
    }

    [Fact]
    public async Task An_internal_route_with_the_right_dapr_api_token_is_reached()
    {
        await using var app = await StartWithTokenAsync();

        using var response = await app.Client.GetAsync(new Uri("/correlation", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz", 200)]
    [InlineData("/readyz", 503)]
    public async Task Health_probes_do_not_need_the_token(string path, int expectedStatus)
    {
        await using var app = await StartWithTokenAsync();

        using var response = await app.Direct.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expectedStatus, (int)response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_path_without_the_token_says_nothing_about_which_routes_exist()
    {
        await using var app = await StartWithTokenAsync();

        using var response = await app.Direct.GetAsync(new Uri("/no/such/route", UriKind.Relative));

        await ProblemResponse.ReadAsync(response, 401, ProblemCodes.AppTokenRequired);
    }

    [Fact]
    public async Task In_Development_without_APP_API_TOKEN_internal_routes_are_open()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["APP_API_TOKEN"] = "" }, environment: "Development");

        using var response = await app.Direct.GetAsync(new Uri("/correlation", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_Development_an_app_without_APP_API_TOKEN_refuses_to_start_and_says_why(string environment)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestApp.StartAsync(new Dictionary<string, string?> { ["APP_API_TOKEN"] = "" }, environment: environment));

        Assert.Contains("APP_API_TOKEN is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("Development", error.Message, StringComparison.Ordinal);
    }
}
