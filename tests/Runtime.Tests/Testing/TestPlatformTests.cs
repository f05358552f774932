using System.Net.Http.Json;
using GoLive.Runtime.TestApp;

namespace GoLive.Runtime.Tests.Testing;

/// <summary>The shared test library starts a real Program on Kestrel behind a real sidecar, wired both ways.</summary>
public sealed class TestPlatformTests
{
    [Fact]
    public async Task An_app_under_test_reaches_its_sidecar_and_its_sidecar_reaches_the_app()
    {
        await using var platform = new TestPlatform(["conformance"], new Dictionary<string, string> { ["greeting"] = "hello" });
        var app = await platform.StartAsync<Inbox>("conformance");

        await app.Dapr.SaveStateAsync("statestore", "k", new { Value = 42 });
        var secret = await app.Dapr.GetSecretAsync("secretstore", "greeting");
        var invoked = await app.SidecarHttp.GetAsync("/v1.0/invoke/conformance/method/");

        Assert.Equal(42, (await app.Dapr.GetStateAsync<Dictionary<string, int>>("statestore", "k"))["value"]);
        Assert.Equal("hello", secret["greeting"]);
        Assert.Equal("conformance app", await invoked.Content.ReadAsStringAsync());
        Assert.Equal("conformance app", await app.App.GetStringAsync("/"));
    }

    [Fact]
    public async Task Apps_on_one_platform_share_the_in_memory_pubsub_and_keep_their_own_stores()
    {
        await using var platform = new TestPlatform(["one", "two"]);
        var one = await platform.StartAsync<Inbox>("one");
        var two = await platform.StartAsync<Inbox>("two");

        await one.Dapr.SaveStateAsync("statestore", "shared-key", "from one");
        var metadata = await two.SidecarHttp.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1.0/metadata");

        Assert.Null(await two.Dapr.GetStateAsync<string>("statestore", "shared-key"));
        Assert.Contains(metadata.GetProperty("components").EnumerateArray(), c => c.GetProperty("name").GetString() == "pubsub");
    }
}
