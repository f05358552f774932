using System.Net;
using System.Text;
using Dapr;
using Dapr.Client;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GoLive.Runtime.Tests.Bindings;

/// <summary>The <c>bindings.http</c> output binding against a receiver this test runs on loopback.</summary>
public sealed class HttpBindingTests : IAsyncLifetime
{
    private readonly RuntimeHost _host = new();
    private readonly string _temp = Directory.CreateTempSubdirectory("golive-bindings-").FullName;
    private WebApplication _receiver = null!;
    private Sidecar.Sidecar _sidecar = null!;
    private DaprClient _dapr = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _receiver = builder.Build();
        _receiver.MapGet("/api/items/{id}", (string id, HttpResponse response) =>
        {
            response.Headers["X-Reply"] = "item";
            return Results.Ok(new { id });
        });
        _receiver.MapPost("/api/orders", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            return Results.Text($"{request.Headers["X-Tenant"]}:{await reader.ReadToEndAsync()}");
        });
        await _receiver.StartAsync();
        var components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "binding-components"), _temp,
            new Dictionary<string, string> { ["RECEIVER"] = $"http://127.0.0.1:{port}" });
        _sidecar = await _host.StartSidecarAsync(new SidecarOptions { AppId = "caller", ResourcesPaths = [components] });
        _dapr = new DaprClientBuilder().UseGrpcEndpoint(_sidecar.GrpcEndpoint).UseHttpEndpoint(_sidecar.HttpEndpoint).Build();
        _http = new HttpClient { BaseAddress = new Uri(_sidecar.HttpEndpoint) };
    }

    public async Task DisposeAsync()
    {
        _dapr.Dispose();
        _http.Dispose();
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_get_with_a_path_returns_the_body_and_status_metadata()
    {
        var response = await _dapr.InvokeBindingAsync(new BindingRequest("partner", "get") { Metadata = { ["path"] = "items/42" } });
        Assert.Equal("{\"id\":\"42\"}", Encoding.UTF8.GetString(response.Data.Span));
        Assert.Equal("200", response.Metadata["statusCode"]);
        Assert.Equal("item", response.Metadata["X-Reply"]);
    }

    [Fact]
    public async Task A_post_sends_the_data_and_metadata_as_headers()
    {
        var response = await _dapr.InvokeBindingAsync(new BindingRequest("partner", "post")
        {
            Data = Encoding.UTF8.GetBytes("{\"qty\":3}"),
            Metadata = { ["path"] = "orders", ["X-Tenant"] = "acme" },
        });
        Assert.Equal("acme:{\"qty\":3}", Encoding.UTF8.GetString(response.Data.Span));
    }

    [Fact]
    public async Task A_non_2xx_answer_is_an_error_unless_the_binding_says_otherwise()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() =>
            _dapr.InvokeBindingAsync(new BindingRequest("partner", "get") { Metadata = { ["path"] = "missing" } }));
        Assert.Contains("404", error.InnerException!.Message);
        var lenient = await _dapr.InvokeBindingAsync(new BindingRequest("lenient", "get") { Metadata = { ["path"] = "missing" } });
        Assert.Equal("404", lenient.Metadata["statusCode"]);
    }

    [Fact]
    public async Task The_http_api_invokes_the_binding_and_returns_metadata_as_headers()
    {
        var response = await _http.PostAsync("/v1.0/bindings/partner",
            new StringContent("""{"operation":"get","metadata":{"path":"items/7"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"id\":\"7\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("200", response.Headers.GetValues("metadata.statusCode").Single());
    }

    [Fact]
    public async Task Unknown_bindings_and_unsupported_operations_are_clear_errors()
    {
        var unknown = await _http.PostAsync("/v1.0/bindings/nosuch", new StringContent("""{"operation":"get"}"""));
        Assert.Equal(HttpStatusCode.InternalServerError, unknown.StatusCode);
        Assert.Contains("ERR_INVOKE_OUTPUT_BINDING", await unknown.Content.ReadAsStringAsync());
        var badOperation = await Assert.ThrowsAsync<DaprException>(() => _dapr.InvokeBindingAsync(new BindingRequest("partner", "teleport")));
        Assert.Contains("does not support operation teleport", badOperation.InnerException!.Message);
        var inputOnly = await Assert.ThrowsAsync<DaprException>(() => _dapr.InvokeBindingAsync(new BindingRequest("nightly", "get")));
        Assert.Contains("input binding only", inputOnly.InnerException!.Message);
    }
}
