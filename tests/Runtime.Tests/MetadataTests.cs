using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests;

[Collection(RuntimeCollection.Name)]
public sealed class MetadataTests(RuntimeFixture runtime)
{
    [Fact]
    public async Task Sidecar_reports_healthy_to_the_sdk_once_the_app_is_up()
    {
        Assert.True(await runtime.Client.CheckHealthAsync());
        Assert.True(await runtime.Client.CheckOutboundHealthAsync());
    }

    [Fact]
    public async Task Metadata_over_grpc_names_the_app_and_its_components()
    {
        var metadata = await runtime.Client.GetMetadataAsync();
        Assert.Equal(RuntimeFixture.AppId, metadata.Id);
    }

    [Fact]
    public async Task Extended_metadata_set_over_grpc_is_reported_over_http()
    {
        await runtime.Client.SetMetadataAsync("team", "golive");
        var json = await runtime.SidecarHttp.GetStringAsync("/v1.0/metadata");
        Assert.Contains("\"team\":\"golive\"", json);
    }

    [Fact]
    public async Task Unknown_api_route_answers_a_clear_error_not_a_fake_success()
    {
        var response = await runtime.SidecarHttp.GetAsync("/v1.0-alpha9/unheard-of");
        Assert.Equal(501, (int)response.StatusCode);
        Assert.Contains("ERR_NOT_SUPPORTED", await response.Content.ReadAsStringAsync());
    }
}
