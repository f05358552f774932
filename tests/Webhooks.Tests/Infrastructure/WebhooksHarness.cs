using GoLive.DaprAccess.State;
using GoLive.Webhooks.Deliveries;
using GoLive.Webhooks.Endpoints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Webhooks.Tests.Infrastructure;

/// <summary>The app's services without HTTP or a sidecar: in-memory state, a fake clock, loopback targets allowed.</summary>
internal sealed class WebhooksHarness : IAsyncDisposable
{
    private readonly IHost _host;

    public WebhooksHarness(Func<double>? jitter = null, InMemoryStateStore? state = null, FakeTimeProvider? clock = null)
    {
        State = state ?? new InMemoryStateStore();
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Webhooks:AllowLoopback"] = "true";
        builder.Configuration["Webhooks:RequireHttps"] = "false";
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<IStateStore>(State);
        builder.Services.AddSingleton(new RetrySchedule(jitter ?? (() => 0.5)));
        builder.AddWebhooks();
        _host = builder.Build(); // never started: tests drive the dispatcher themselves
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>Outlives the harness when passed to the next one: a restart keeps only what is in the state store.</summary>
    public InMemoryStateStore State { get; }

    public IServiceProvider Services => _host.Services;

    public EndpointRegistry Endpoints => Get<EndpointRegistry>();

    public EventFanout Fanout => Get<EventFanout>();

    public DeliveryDispatcher Dispatcher => Get<DeliveryDispatcher>();

    public MessageStore Messages => Get<MessageStore>();

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public async Task<WebhookEndpoint> RegisterAsync(TestReceiver receiver, params string[] eventTypes)
    {
        var endpoint = await Endpoints.CreateAsync(new EndpointRequest(receiver.Url, "test", eventTypes, null, null, null), CancellationToken.None);
        receiver.Secret = endpoint.Secrets[0].Value;
        receiver.Clock = Clock;
        return endpoint;
    }

    public Task<IReadOnlyList<string>> SendAsync(string eventId, string eventType = "golive.status.incident.opened") =>
        Fanout.FanOutAsync(eventId, eventType, $$$"""{"type":"{{{eventType}}}","data":{"incidentId":"{{{eventId}}}"}}""", CancellationToken.None);

    /// <summary>Moves the clock in steps, dispatching whatever is due after each step.</summary>
    public async Task RunForAsync(TimeSpan duration, TimeSpan step)
    {
        await Dispatcher.DispatchDueAsync(CancellationToken.None);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Clock.Advance(step);
            await Dispatcher.DispatchDueAsync(CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }
}
