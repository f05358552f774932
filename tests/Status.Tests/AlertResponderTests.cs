using Dapr.Client;
using GoLive.Status.Events;
using GoLive.Status.Incidents;
using GoLive.Status.Slos;
using GoLive.Status.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoLive.Status.Tests;

public sealed class AlertResponderTests
{
    [Fact]
    public async Task A_burning_slo_opens_one_incident_and_publishes_both_events_in_one_transaction()
    {
        var (responder, book, state, metrics, _) = Create();
        BurnRateTests.FeedOutage(metrics);

        await responder.RespondAsync(default);
        await responder.RespondAsync(default);

        var incident = Assert.Single(book.Open);
        Assert.Equal("checkout-success", incident.Slo);
        Assert.Equal(IncidentSeverity.Critical, incident.Severity);
        Assert.Equal(["checkout"], incident.Components);
        Assert.Equal(
            [StatusEventTypes.IncidentOpened, StatusEventTypes.BurnRateExceeded],
            state.Published.Select(e => e.Type).ToArray());
        var burn = state.Published.Single(e => e.Type == StatusEventTypes.BurnRateExceeded).Data;
        Assert.Equal("checkout", burn.GetProperty("component").GetString());
        Assert.Equal("checkout-flow-v2", burn.GetProperty("flag").GetString());
    }

    [Fact]
    public async Task The_incident_resolves_itself_once_the_burn_has_stopped_for_the_configured_time()
    {
        var (responder, book, state, metrics, clock) = Create(resolveAfter: TimeSpan.FromHours(2));
        BurnRateTests.FeedOutage(metrics);
        for (var m = 0; m < 8 * 60; m++)
        {
            BurnRateTests.Feed(metrics, clock.GetUtcNow().AddMinutes(m), "checkout.attempt", 100, "checkout");
            BurnRateTests.Feed(metrics, clock.GetUtcNow().AddMinutes(m), "checkout.success", 100, "checkout");
        }

        await responder.RespondAsync(default);
        clock.Advance(TimeSpan.FromHours(5));   // the 1x rule still fires: its 6 h window holds the outage
        await responder.RespondAsync(default);
        clock.Advance(TimeSpan.FromHours(1));   // quiet for 1 h of the 2 h required
        await responder.RespondAsync(default);
        Assert.Single(book.Open);

        clock.Advance(TimeSpan.FromMinutes(61));
        await responder.RespondAsync(default);

        Assert.Empty(book.Open);
        var resolved = Assert.Single(book.All);
        Assert.Equal(IncidentStatus.Resolved, resolved.Status);
        Assert.Equal(StatusEventTypes.IncidentResolved, state.Published.Last().Type);
    }

    [Fact]
    public async Task An_operator_who_resolves_an_incident_while_the_slo_still_burns_is_not_overruled_until_the_burn_stops()
    {
        var (responder, book, _, metrics, clock) = Create();
        BurnRateTests.FeedOutage(metrics);
        await responder.RespondAsync(default);
        var first = Assert.Single(book.Open);
        await book.UpdateAsync(first.Id, new IncidentChange(IncidentStatus.Resolved, "Rolled back; we keep watching."), default)!;

        await responder.RespondAsync(default);
        clock.Advance(TimeSpan.FromMinutes(30)); // the fast rules are quiet, the 1x rule still fires on its 6 h window
        await responder.RespondAsync(default);
        Assert.Empty(book.Open);

        clock.Advance(TimeSpan.FromDays(4)); // the outage has left every window
        await responder.RespondAsync(default);
        for (var m = 1; m <= 120; m++)
        {
            BurnRateTests.Feed(metrics, clock.GetUtcNow().AddMinutes(-m), "checkout.attempt", 100, "checkout");
            BurnRateTests.Feed(metrics, clock.GetUtcNow().AddMinutes(-m), "checkout.success", 10, "checkout");
        }

        await responder.RespondAsync(default);
        Assert.NotEqual(first.Id, Assert.Single(book.Open).Id); // a new burn is a new incident
    }

    [Fact]
    public async Task With_auto_resolve_off_the_incident_stays_open_for_an_operator()
    {
        var (responder, book, _, metrics, clock) = Create(autoResolve: false);
        BurnRateTests.FeedOutage(metrics);
        await responder.RespondAsync(default);

        clock.Advance(TimeSpan.FromHours(3));
        await responder.RespondAsync(default);

        Assert.Single(book.Open);
    }

    [Fact]
    public async Task An_operator_can_have_several_incidents_open_and_walk_one_through_its_lifecycle()
    {
        var (_, book, state, _, clock) = Create();
        var first = await book.OpenAsync(new NewIncident("Checkout slow", IncidentSeverity.Minor, ["checkout"], "Looking into it."), null, default);
        await book.OpenAsync(new NewIncident("Playback errors", IncidentSeverity.Major, ["playback"], "Investigating."), null, default);

        foreach (var status in new[] { IncidentStatus.Identified, IncidentStatus.Monitoring, IncidentStatus.Resolved })
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await book.UpdateAsync(first.Id, new IncidentChange(status, $"Now {status}."), default)!;
        }

        var done = book.Find(first.Id)!;
        Assert.Equal([IncidentStatus.Investigating, IncidentStatus.Identified, IncidentStatus.Monitoring, IncidentStatus.Resolved], done.Updates.Select(u => u.Status));
        Assert.Equal(clock.GetUtcNow(), done.ResolvedAt);
        Assert.Single(book.Open);
        Assert.Equal(
            [StatusEventTypes.IncidentOpened, StatusEventTypes.IncidentOpened, StatusEventTypes.IncidentUpdated, StatusEventTypes.IncidentUpdated, StatusEventTypes.IncidentResolved],
            state.Published.Select(e => e.Type).ToArray());

        var reloaded = new IncidentBook(state, Sink(), clock);
        await reloaded.LoadAsync(default);
        Assert.Equal(2, reloaded.All.Count());
    }

    private static (AlertResponder, IncidentBook, InMemoryStateStore, Metrics.MetricStore, Microsoft.Extensions.Time.Testing.FakeTimeProvider) Create(bool autoResolve = true, TimeSpan? resolveAfter = null)
    {
        var slo = Defaults.CheckoutSuccess();
        slo.Flag = "checkout-flow-v2";
        var (evaluator, metrics, _, _, clock) = BurnRateTests.Create(slo);
        var state = Defaults.Store(time: clock);
        var book = new IncidentBook(state, Sink(), clock);
        var alerting = new TestOptions<AlertingOptions>(new AlertingOptions { AutoResolve = autoResolve, ResolveAfter = resolveAfter ?? TimeSpan.FromMinutes(15) });
        return (new AlertResponder(evaluator, book, alerting, clock, NullLogger<AlertResponder>.Instance), book, state, metrics, clock);
    }

    // No sidecar here: the binding call fails fast and the sink only logs, as when the binding is absent.
    private static OperatorSink Sink() =>
        new(new DaprClientBuilder().UseGrpcEndpoint("http://127.0.0.1:9").UseHttpEndpoint("http://127.0.0.1:9").Build(), NullLogger<OperatorSink>.Instance);
}
