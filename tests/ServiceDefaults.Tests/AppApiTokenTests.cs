using GoLive.ServiceDefaults.Tests.Infrastructure;

namespace GoLive.ServiceDefaults.Tests;

public sealed class AppApiTokenTests
{
    private const string Token = "s3cret-from-daprd";

    private static Task<TestApp> StartWithTokenAsync() =>
        TestApp.StartAsync(new Dictionary<string, string?> { ["APP_API_TOKEN"] = Token });

    [Fact]
    public async Task Request_without_dapr_api_token_is_rejected_with_a_401_problem()
    {
        await using var app = await StartWithTokenAsync();

        using var response = await app.Client.GetAsync(new Uri("/correlation", UriKind.Relative));

        await ProblemResponse.ReadAsync(response, 401, ProblemCodes.Unauthorized);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(Token + "x")]
    [InlineData("")]
    public async Task Request_with_a_wrong_dapr_api_token_is_rejected(string presented)
    {
        await using var app = await StartWithTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/correlation");
        request.Headers.TryAddWithoutValidation("dapr-api-token", presented);

        using var response = await app.Client.SendAsync(request);

        await ProblemResponse.ReadAsync(response, 401, ProblemCodes.Unauthorized);
    }

    [Fact]
    public async Task Request_with_the_right_dapr_api_token_reaches_the_endpoint()
    {
        await using var app = await StartWithTokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/correlation");
        request.Headers.Add("dapr-api-token", Token);

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz", 200)]
    [InlineData("/readyz", 503)]
    public async Task Health_probes_do_not_need_the_token(string path, int expectedStatus)
    {
        await using var app = await StartWithTokenAsync();

        using var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expectedStatus, (int)response.StatusCode);
    }

    [Fact]
    public async Task Without_APP_API_TOKEN_no_token_is_required()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync(new Uri("/correlation", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
    }
}
