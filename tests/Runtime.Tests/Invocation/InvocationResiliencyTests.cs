using System.Net;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Invocation;

/// <summary>The caller's resiliency targets for apps: timeouts, retries with status matching, circuit breakers.</summary>
public sealed class InvocationResiliencyTests : IAsyncLifetime
{
    private readonly LocalApps _apps = new();
    private LocalApp _caller = null!;
    private LocalApp _fragile = null!;
    private LocalApp _brittle = null!;

    public async Task InitializeAsync()
    {
        _fragile = await _apps.StartAsync("fragile");
        _brittle = await _apps.StartAsync("brittle");
        _caller = await _apps.StartAsync("caller", resourcesPaths: [Path.Combine(AppContext.BaseDirectory, "resiliency-components")]);
    }

    public async Task DisposeAsync() => await _apps.DisposeAsync();

    private static string Key() => Guid.NewGuid().ToString("N");

    private Task<HttpResponseMessage> Call(string app, string path) => _caller.SidecarHttp.GetAsync($"/v1.0/invoke/{app}/method/{path}");

    private async Task<int> CallsSeenBy(LocalApp app, string key) => int.Parse(await app.SidecarHttp.GetStringAsync($"/v1.0/invoke/{app.Sidecar.AppId}/method/calls/{key}"));

    [Fact]
    public async Task A_failing_call_is_retried_until_it_succeeds()
    {
        var key = Key();
        var response = await Call("fragile", $"fail-then-ok/{key}/2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, await CallsSeenBy(_fragile, key));
    }

    [Fact]
    public async Task When_retries_run_out_the_last_answer_is_relayed()
    {
        var key = Key();
        var response = await Call("fragile", $"fail-then-ok/{key}/10");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, await CallsSeenBy(_fragile, key));
    }

    [Fact]
    public async Task A_call_slower_than_the_timeout_fails_with_a_clear_error()
    {
        var response = await Call("fragile", "late/5000");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("ERR_DIRECT_INVOKE", body);
        Assert.Contains("timed out", body);
    }

    [Fact]
    public async Task Calls_without_a_policy_are_not_retried()
    {
        var key = Key();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _fragile.SidecarHttp.GetAsync($"/v1.0/invoke/brittle/method/fail-then-ok/{key}/1")).StatusCode);
        Assert.Equal(1, await CallsSeenBy(_brittle, key));
    }

    [Fact]
    public async Task A_circuit_opens_after_consecutive_failures_and_closes_after_a_successful_probe()
    {
        var key = Key();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Call("brittle", $"always-503/{key}")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Call("brittle", $"always-503/{key}")).StatusCode);

        var open = await Call("brittle", $"always-503/{key}");
        Assert.Equal(HttpStatusCode.InternalServerError, open.StatusCode);
        Assert.Contains("circuit breaker", await open.Content.ReadAsStringAsync());
        Assert.Equal(2, await CallsSeenBy(_brittle, key));

        // After the breaker's timeout a probe goes through; its success closes the circuit.
        await Eventually.TrueAsync(async () => (await Call("brittle", "")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await Call("brittle", "")).StatusCode);
    }
}
