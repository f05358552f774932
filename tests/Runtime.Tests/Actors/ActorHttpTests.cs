using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoLive.Runtime.Tests.Actors;

/// <summary>The actor HTTP API as daprd answers it: reminder forms echoed, state read and written, errors for bad input.</summary>
public sealed class ActorHttpTests
{
    [Theory]
    [InlineData("1h", "R3/PT10S")]
    [InlineData("0h0m10s0ms", "0h1m0s0ms")]
    [InlineData("PT1H", "P1D")]
    [InlineData("2099-01-01T00:00:00Z", "1h30m")]
    public async Task A_reminder_is_echoed_back_exactly_as_registered(string dueTime, string period)
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync();
        using var http = app.SidecarHttp();

        // The .NET SDK sends "//v1.0/…"; the sidecar must route it like "/v1.0/…".
        var put = await http.PutAsJsonAsync(new Uri(app.Sidecar.HttpEndpoint + "//v1.0/actors/CounterActor/echo/reminders/r"), new { dueTime, period, data = "aGVsbG8=" });
        var got = await http.GetFromJsonAsync<JsonElement>("/v1.0/actors/CounterActor/echo/reminders/r");

        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        Assert.Equal(dueTime, got.GetProperty("dueTime").GetString());
        Assert.Equal(period, got.GetProperty("period").GetString());
        Assert.Equal("aGVsbG8=", got.GetProperty("data").GetString());
    }

    [Theory]
    [InlineData("{\"dueTime\":\"soon\"}")]
    [InlineData("{\"period\":\"R0/PT1S\"}")]
    [InlineData("{\"period\":\"banana\"}")]
    [InlineData("not json")]
    public async Task A_malformed_reminder_is_refused_and_not_stored(string body)
    {
        await using var apps = new ActorApps();
        using var http = (await apps.StartAsync()).SidecarHttp();

        var put = await http.PutAsync("/v1.0/actors/CounterActor/bad/reminders/r", new StringContent(body));
        var get = await http.GetAsync("/v1.0/actors/CounterActor/bad/reminders/r");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("ERR_MALFORMED_REQUEST", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.False(get.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Actor_state_is_written_in_a_transaction_and_read_back_or_answered_204_when_absent()
    {
        await using var apps = new ActorApps();
        using var http = (await apps.StartAsync()).SidecarHttp();

        var write = await http.PutAsJsonAsync("/v1.0/actors/CounterActor/s/state", new object[]
        {
            new { operation = "upsert", request = new { key = "name", value = new { first = "Ada" } } },
            new { operation = "delete", request = new { key = "gone" } },
        });
        var read = await http.GetFromJsonAsync<JsonElement>("/v1.0/actors/CounterActor/s/state/name");
        var missing = await http.GetAsync("/v1.0/actors/CounterActor/s/state/gone");

        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        Assert.Equal("Ada", read.GetProperty("first").GetString());
        Assert.Equal(HttpStatusCode.NoContent, missing.StatusCode);
    }

    [Fact]
    public async Task Calling_an_actor_type_that_no_app_hosts_is_an_error()
    {
        await using var apps = new ActorApps();
        using var http = (await apps.StartAsync()).SidecarHttp();

        var response = await http.PutAsync("/v1.0/actors/NobodyHostsThis/1/method/Go", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("ERR_ACTOR_INVOKE_METHOD", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Metadata_reports_the_hosted_actor_types_and_how_many_are_active()
    {
        await using var apps = new ActorApps();
        var app = await apps.StartAsync();
        using var http = app.SidecarHttp();
        await app.Counter("m1").PingAsync();
        await app.Counter("m2").PingAsync();

        var runtime = (await http.GetFromJsonAsync<JsonElement>("/v1.0/metadata")).GetProperty("actorRuntime");

        Assert.True(runtime.GetProperty("hostReady").GetBoolean());
        var counters = runtime.GetProperty("activeActors").EnumerateArray().Single(a => a.GetProperty("type").GetString() == "CounterActor");
        Assert.Equal(2, counters.GetProperty("count").GetInt32());
    }
}
