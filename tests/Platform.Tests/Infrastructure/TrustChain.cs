extern alias status;
extern alias webhooks;

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Platform.Tests.Infrastructure;

/// <summary>
/// Status and Webhooks on one local runtime (real sidecars, the shared in-memory pub/sub, Status's outbox publishing
/// <c>status-events</c>), both on one fake clock that only the test moves, and a partner receiver registered for
/// <c>golive.status.*</c> on that clock.
/// </summary>
internal sealed class TrustChain : IAsyncDisposable
{
    private static readonly TimeSpan WallClockLimit = TimeSpan.FromSeconds(60);
    private readonly TestPlatform _platform;

    private TrustChain(TestPlatform platform, FakeTimeProvider clock, PartnerReceiver receiver, DaprTestApp status, DaprTestApp webhooks)
    {
        _platform = platform;
        Clock = clock;
        Receiver = receiver;
        Status = status;
        Webhooks = webhooks;
    }

    public FakeTimeProvider Clock { get; }
    public PartnerReceiver Receiver { get; }
    public DaprTestApp Status { get; }
    public DaprTestApp Webhooks { get; }

    public static async Task<TrustChain> StartAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var platform = new TestPlatform(appIds: ["status", "webhooks"]);
        void OnClock(IWebHostBuilder web) => web.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock));
        var status = await platform.StartAsync<status::Program>("status", new Dictionary<string, string?>
        {
            ["Status:Alerting:MinimumEvents"] = "10",
        }, OnClock);
        var webhooks = await platform.StartAsync<webhooks::Program>("webhooks", new Dictionary<string, string?>
        {
            ["Webhooks:AllowLoopback"] = "true",
        }, OnClock);
        var receiver = await PartnerReceiver.StartAsync(clock);
        var chain = new TrustChain(platform, clock, receiver, status, webhooks);

        // Restoring retries on the fake clock, so time has to move while the apps come up.
        await chain.AdvanceUntilAsync(async () => (await status.App.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(1), "Status ready");
        var created = await (await webhooks.Operator.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url, eventTypes = new[] { "golive.status.*" } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        receiver.Secret = created.GetProperty("secret").GetString();
        return chain;
    }

    /// <summary>
    /// Moves business time one <paramref name="step"/> at a time (doing <paramref name="eachStep"/> first, e.g. traffic
    /// for that moment) until the condition holds; the wall clock only bounds how long the test may take.
    /// </summary>
    public Task AdvanceUntilAsync(Func<Task<bool>> condition, TimeSpan step, string because, Func<Task>? eachStep = null) =>
        Eventually.TrueAsync(async () =>
        {
            if (await condition())
            {
                return true;
            }

            if (eachStep is not null)
            {
                await eachStep();
            }

            Clock.Advance(step);
            return false;
        }, WallClockLimit, because);

    /// <summary>Moves business time by <paramref name="duration"/> in steps, letting background loops run after each.</summary>
    public async Task AdvanceForAsync(TimeSpan duration, TimeSpan step)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Clock.Advance(step);
            await Task.Delay(TimeSpan.FromMilliseconds(20)); // real time for the apps' timers to do their work
        }
    }

    /// <summary>Posts one minute of checkout traffic at the current business time.</summary>
    public async Task CheckoutAsync(int attempts, int successes, DateTimeOffset? at = null)
    {
        var when = at ?? Clock.GetUtcNow();
        var response = await Status.Operator.PostAsJsonAsync("/v1/samples", new
        {
            samples = new object[]
            {
                new { metric = "checkout.attempt", value = attempts, unit = "count", timestamp = when, component = "checkout", region = "eu-west" },
                new { metric = "checkout.success", value = successes, unit = "count", timestamp = when, component = "checkout", region = "eu-west" },
            },
        });
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonElement[]> IncidentsAsync() => await Status.Operator.GetFromJsonAsync<JsonElement[]>("/v1/incidents") ?? [];

    /// <summary>Verified deliveries the partner accepted for one incident and event type.</summary>
    public IReadOnlyList<PartnerReceiver.Delivery> Delivered(string incidentId, string type) =>
        [.. Receiver.Accepted.Where(d => d.SignatureValid && d.Type == type && IncidentOf(d) == incidentId)];

    public static string? IncidentOf(PartnerReceiver.Delivery delivery) =>
        delivery.Json.GetProperty("data").TryGetProperty("id", out var id) ? id.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await _platform.DisposeAsync();
    }
}
