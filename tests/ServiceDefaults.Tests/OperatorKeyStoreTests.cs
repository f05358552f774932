using Dapr.Client;
using GoLive.Runtime.Sidecar;
using GoLive.ServiceDefaults.Operators;
using GoLive.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.ServiceDefaults.Tests;

/// <summary>
/// Key records read through a real sidecar's secret store and read again every refresh interval, so a revocation applies
/// without a restart. The environment secret store answers from the current environment on every read (the file store
/// reads its file once, at start), which lets the test change the secret underneath a running app.
/// </summary>
public sealed class OperatorKeyStoreTests : IAsyncLifetime
{
    private readonly string _secret = "GOLIVE_TEST_OPERATOR_KEYS_" + Guid.NewGuid().ToString("N")[..8];
    private readonly RuntimeHost _host = new();
    private readonly string _components = Directory.CreateTempSubdirectory("golive-operators-").FullName;
    private Sidecar _sidecar = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_components, "envsecrets.yaml"), """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: envsecrets
            spec:
              type: secretstores.local.env
              version: v1
            """);
        _sidecar = await _host.StartSidecarAsync(new SidecarOptions { AppId = "keys", ResourcesPaths = [_components] });
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_secret, null);
        await _host.DisposeAsync();
        Directory.Delete(_components, recursive: true);
    }

    private Task<TestApp> StartAsync() => TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Operators:SecretStore"] = "envsecrets",
            ["Operators:KeysSecret"] = _secret,
            ["Operators:RefreshInterval"] = "00:00:00.200",
        }, configureServices: services =>
        {
            services.RemoveAll<DaprClient>();
            services.AddDaprClient(b => b.UseGrpcEndpoint(_sidecar.GrpcEndpoint).UseHttpEndpoint(_sidecar.HttpEndpoint));
        }, map: RouteAccessTests.MapRoutes);

    private async Task<int> PostAsync(TestApp app, TestOperator @operator)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/incidents");
        request.Headers.Authorization = @operator.Authorization;
        using var response = await app.Direct.SendAsync(request);
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task A_key_revoked_in_the_secret_store_is_refused_after_the_next_refresh_without_a_restart()
    {
        var bob = TestOperators.Create("bob0001", "bob", [OperatorRoles.StatusOperate]);
        Environment.SetEnvironmentVariable(_secret, TestOperators.SecretValue([bob]));
        await using var app = await StartAsync();
        Assert.Equal(200, await PostAsync(app, bob));

        Environment.SetEnvironmentVariable(_secret, TestOperators.SecretValue([bob with { Record = bob.Record with { RevokedAt = DateTimeOffset.UtcNow } }]));

        await Eventually.TrueAsync(async () => await PostAsync(app, bob) == 401, TimeSpan.FromSeconds(10), "the revocation applies");
    }

    [Fact]
    public async Task A_key_added_to_the_secret_store_works_after_the_next_refresh()
    {
        var carol = TestOperators.Create("carol001", "carol", [OperatorRoles.StatusOperate]);
        Environment.SetEnvironmentVariable(_secret, TestOperators.SecretValue([TestOperators.Admin]));
        await using var app = await StartAsync();
        Assert.Equal(401, await PostAsync(app, carol));

        Environment.SetEnvironmentVariable(_secret, TestOperators.SecretValue([TestOperators.Admin, carol]));

        await Eventually.TrueAsync(async () => await PostAsync(app, carol) == 200, TimeSpan.FromSeconds(10), "the new key works");
    }
}
