extern alias gateway;

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Gateway.Tests;

/// <summary>
/// The gateway and a small upstream app, each behind its own real sidecar; the gateway reaches the upstream only through
/// Dapr invocation. Routes: <c>/v1/up</c> (scope <c>status:read</c>, GET), <c>/v1/orders</c> (scope <c>webhooks:manage</c>, POST).
/// </summary>
public sealed class GatewayPlatform : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The operator who administers partner keys in these tests (role gateway:admin).</summary>
    public static readonly TestOperator Operator = TestOperators.With(GoLive.ServiceDefaults.Operators.OperatorRoles.GatewayAdmin);
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    public TestPlatform Platform { get; private set; } = null!;
    public DaprTestApp Gateway { get; private set; } = null!;
    public DaprTestApp Upstream { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Failed key attempts per client IP before a 429; high here so tests sharing 127.0.0.1 never trip it.</summary>
    public int FailedAttemptsPerIp { get; init; } = 100_000;

    public async Task InitializeAsync()
    {
        Platform = new TestPlatform(appIds: ["gateway"], secrets: new Dictionary<string, string>
        {
            ["gateway-key-pepper"] = "test-pepper",
        });
        Upstream = await Platform.StartAsync<Upstream.UpstreamApp>("upstream");
        Gateway = await StartGatewayAsync();
        Admin = new HttpClient { BaseAddress = Gateway.App.BaseAddress };
        Admin.DefaultRequestHeaders.Authorization = Operator.Authorization;
    }

    public Task<DaprTestApp> StartGatewayAsync() => Platform.StartAsync<gateway::Program>("gateway", Settings(FailedAttemptsPerIp),
        web => web.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock)));

    public static Dictionary<string, string?> Settings(int failedAttemptsPerIp) => new()
    {
        ["Gateway:Keys:Environment"] = "test",
        ["Gateway:RateLimits:FailedAttemptsPerIp:Limit"] = failedAttemptsPerIp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Gateway:RateLimits:FailedAttemptsPerIp:WindowSeconds"] = "60",
        ["Gateway:UpstreamTimeout"] = "00:00:05",
        ["Gateway:Routes:0:PublicPrefix"] = "/v1/up",
        ["Gateway:Routes:0:AppId"] = "upstream",
        ["Gateway:Routes:0:AppPrefix"] = "/v1",
        ["Gateway:Routes:0:Methods:0"] = "GET",
        ["Gateway:Routes:0:Scope"] = "status:read",
        ["Gateway:Routes:1:PublicPrefix"] = "/v1/orders",
        ["Gateway:Routes:1:AppId"] = "upstream",
        ["Gateway:Routes:1:AppPrefix"] = "/v1/orders",
        ["Gateway:Routes:1:Methods:0"] = "POST",
        ["Gateway:Routes:1:Scope"] = "webhooks:manage",
        ["Gateway:Routes:1:Cost"] = "1",
        ["Gateway:Routes:2:PublicPrefix"] = "/v1/nowhere",
        ["Gateway:Routes:2:AppId"] = "not-running",
        ["Gateway:Routes:2:AppPrefix"] = "/v1",
        ["Gateway:Routes:2:Scope"] = "status:read",
    };

    /// <summary>Creates a key through the admin API and returns the full key and its id.</summary>
    public async Task<(string Key, string Id)> CreateKeyAsync(string[] scopes, string organizationId = "acme", object? rateLimit = null,
        object? credits = null, DateTimeOffset? expiresAt = null)
    {
        var response = await Admin.PostAsJsonAsync("/admin/keys", new { name = "test", organizationId, scopes, rateLimit, credits, expiresAt });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("key").GetString()!, body.GetProperty("apiKey").GetProperty("id").GetString()!);
    }

    public HttpClient PartnerClient(string key)
    {
        var client = new HttpClient { BaseAddress = Gateway.App.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (Platform is not null) await Platform.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayPlatform>
{
    public const string Name = "gateway";
}
