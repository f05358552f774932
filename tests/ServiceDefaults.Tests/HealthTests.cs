using GoLive.ServiceDefaults.Tests.Infrastructure;

namespace GoLive.ServiceDefaults.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_answers_200_even_without_a_sidecar()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Readyz_answers_503_when_the_sidecar_is_unreachable()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["DAPR_HTTP_ENDPOINT"] = null,
            ["DAPR_HTTP_PORT"] = TestApp.ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        using var response = await app.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(503, (int)response.StatusCode);
    }

    [Fact]
    public async Task Readyz_answers_200_when_the_sidecar_reports_outbound_healthy()
    {
        await using var sidecar = await FakeSidecar.StartAsync(outboundHealthStatus: 204);
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["DAPR_HTTP_ENDPOINT"] = sidecar.Endpoint });

        using var response = await app.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Readyz_answers_503_when_the_sidecar_reports_outbound_unhealthy()
    {
        await using var sidecar = await FakeSidecar.StartAsync(outboundHealthStatus: 500);
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["DAPR_HTTP_ENDPOINT"] = sidecar.Endpoint });

        using var response = await app.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(503, (int)response.StatusCode);
    }

    [Fact]
    public async Task Dapr_subscribe_endpoint_is_mapped()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync(new Uri("/dapr/subscribe", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }
}
