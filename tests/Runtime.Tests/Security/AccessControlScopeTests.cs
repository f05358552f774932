using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Actors;
using GoLive.Runtime.Tests.Invocation;

namespace GoLive.Runtime.Tests.Security;

/// <summary>
/// As in daprd, access control guards service invocation between apps only: an app whose Configuration denies every caller
/// still gets its pub/sub deliveries, input bindings and actor calls, and may invoke itself.
/// </summary>
public sealed class AccessControlScopeTests : IAsyncDisposable
{
    private const string DenyAll = """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: closed
        spec:
          accessControl:
            defaultAction: deny
            trustDomain: public
            policies: []
        """;

    private const string Components = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: pubsub.in-memory
          version: v1
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: tick
        spec:
          type: bindings.cron
          version: v1
          metadata:
            - name: schedule
              value: "@every 300ms"
        """;

    private readonly string _temp = Directory.CreateTempSubdirectory("golive-acl-scope-").FullName;

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_temp, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_temp, recursive: true); } catch (IOException) { /* best effort */ }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Events_and_input_bindings_reach_an_app_that_denies_every_caller_and_it_may_invoke_itself()
    {
        var components = Path.GetDirectoryName(Write("components/resources.yaml", Components))!;
        await using var apps = new LocalApps();
        var closed = await apps.StartAsync("closed", configPath: Write("closed.yaml", DenyAll), resourcesPaths: [components]);
        var other = await apps.StartAsync("other", resourcesPaths: [components]);
        var marker = Guid.NewGuid().ToString("N");

        await other.Client.PublishEventAsync("pubsub", "orders", new { marker });

        // The inbox is read by the app's own invocation of itself, which daprd never checks against the app's policies.
        async Task<JsonElement[]> InboxAsync(string channel) =>
            await closed.SidecarHttp.GetFromJsonAsync<JsonElement[]>($"/v1.0/invoke/closed/method/inbox/{channel}") ?? [];
        await Eventually.TrueAsync(async () => (await InboxAsync("orders")).Any(e => e.ToString().Contains(marker, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(async () => (await InboxAsync("tick")).Length > 0, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Forbidden, (await other.SidecarHttp.GetAsync("/v1.0/invoke/closed/method/inbox/orders")).StatusCode);
    }

    [Fact]
    public async Task Actor_calls_from_another_app_reach_actors_of_an_app_that_denies_every_caller()
    {
        await using var actors = new ActorApps();
        await actors.StartAsync("actors", configPath: Write("actors.yaml", DenyAll));
        var caller = await actors.Host.StartSidecarAsync(new SidecarOptions { AppId = "caller", ResourcesPaths = [actors.ComponentsPath] });
        using var http = new HttpClient { BaseAddress = new Uri(caller.HttpEndpoint) };

        using var call = await http.PutAsync("/v1.0/actors/CounterActor/scope-1/method/PingAsync", new StringContent(""));

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/v1.0/invoke/actors/method/dapr/config")).StatusCode);
    }
}
