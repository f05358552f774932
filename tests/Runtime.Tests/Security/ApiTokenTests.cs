using System.Net;
using Dapr;
using Dapr.Client;
using GoLive.Runtime.Sidecar;
using Grpc.Core;

namespace GoLive.Runtime.Tests.Security;

/// <summary>A sidecar started with DAPR_API_TOKEN refuses every API call without it, except the health routes.</summary>
public sealed class ApiTokenTests : IAsyncLifetime
{
    private const string Token = "test-token-not-a-secret";
    private readonly RuntimeHost _host = new();
    private Sidecar.Sidecar _sidecar = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var components = Directory.CreateTempSubdirectory("golive-token-").FullName;
        _sidecar = await _host.StartSidecarAsync(new SidecarOptions { AppId = "guarded", ApiToken = Token, ResourcesPaths = [components] });
        _http = new HttpClient { BaseAddress = new Uri(_sidecar.HttpEndpoint) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private DaprClient Client(string? token)
    {
        var builder = new DaprClientBuilder().UseGrpcEndpoint(_sidecar.GrpcEndpoint).UseHttpEndpoint(_sidecar.HttpEndpoint);
        if (token is not null) builder.UseDaprApiToken(token);
        return builder.Build();
    }

    [Fact]
    public async Task A_grpc_call_without_the_token_is_unauthenticated()
    {
        using var dapr = Client(null);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => dapr.GetMetadataAsync());
        var rpc = error as RpcException ?? Assert.IsType<RpcException>(error.InnerException);
        Assert.Equal(StatusCode.Unauthenticated, rpc.StatusCode);
    }

    [Fact]
    public async Task A_grpc_call_with_a_wrong_token_is_unauthenticated()
    {
        using var dapr = Client("wrong");
        var error = await Assert.ThrowsAsync<DaprException>(() => dapr.SaveStateAsync("any", "k", 1));
        Assert.Equal(StatusCode.Unauthenticated, Assert.IsType<RpcException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task A_grpc_call_with_the_token_goes_through()
    {
        using var dapr = Client(Token);
        Assert.Equal("guarded", (await dapr.GetMetadataAsync()).Id);
    }

    [Fact]
    public async Task Http_calls_need_the_token_but_health_routes_do_not()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync("/v1.0/metadata")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync($"{_sidecar.HttpEndpoint}//v1.0/metadata")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _http.GetAsync("/v1.0/healthz/outbound")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1.0/metadata");
        request.Headers.Add("dapr-api-token", Token);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(request)).StatusCode);
    }
}
