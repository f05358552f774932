using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Platform.Tests.Infrastructure;

namespace GoLive.Platform.Tests;

/// <summary>
/// Issue 5 end to end: samples into Status → burn-rate alert → incident → signed webhook at a partner → recovery →
/// resolved webhook; and a partner down for a business hour losing nothing. Each test runs Status and Webhooks behind
/// real sidecars on one local runtime; business time is a fake clock the test moves, never a wall-clock sleep.
/// </summary>
public sealed class TrustChainTests
{
    private const string Opened = "golive.status.incident.opened";
    private const string Updated = "golive.status.incident.updated";
    private const string Resolved = "golive.status.incident.resolved";
    private const string BurnRateExceeded = "golive.status.slo.burn-rate-exceeded";
    private static readonly TimeSpan EvaluationInterval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_checkout_burn_opens_an_incident_the_partner_gets_signed_and_recovery_resolves_it_with_a_second_webhook()
    {
        await using var chain = await TrustChain.StartAsync();

        // Twenty minutes of checkout failing 90 % against a 5 % budget (an 18× burn), and the failures go on.
        var start = chain.Clock.GetUtcNow();
        for (var minute = 20; minute >= 1; minute--)
        {
            await chain.CheckoutAsync(attempts: 100, successes: 10, at: start.AddMinutes(-minute));
        }

        string? incidentId = null;
        await chain.AdvanceUntilAsync(async () =>
        {
            incidentId ??= (await chain.IncidentsAsync()).FirstOrDefault(i => i.GetProperty("slo").GetString() == "checkout-success").Id();
            return incidentId is not null && chain.Delivered(incidentId, Opened).Count > 0;
        }, EvaluationInterval, "the burn opened an incident and its webhook reached the partner", () => chain.CheckoutAsync(100, 10));

        // Recovery: checkout succeeds at a volume that brings even the slow-burn rule's 6-hour window under budget; once
        // no rule fires for the quiet period (15 min), the incident resolves itself.
        await chain.AdvanceUntilAsync(() => Task.FromResult(chain.Delivered(incidentId!, Resolved).Count > 0), EvaluationInterval,
            "recovery resolved the incident and its webhook reached the partner", () => chain.CheckoutAsync(10_000, 10_000));

        var opened = Assert.Single(chain.Delivered(incidentId!, Opened));
        var resolved = Assert.Single(chain.Delivered(incidentId!, Resolved));
        Assert.NotEqual(opened.Id, resolved.Id);
        Assert.All(chain.Receiver.Requests, r => Assert.True(r.SignatureValid, $"signature of {r.Id}"));
        var burn = chain.Receiver.Accepted.First(d => d.Type == BurnRateExceeded).Json.GetProperty("data");
        Assert.Equal("checkout-success", burn.GetProperty("slo").GetString());
        Assert.Equal("checkout", burn.GetProperty("component").GetString());

        var incident = await chain.Status.Operator.GetFromJsonAsync<JsonElement>($"/v1/incidents/{incidentId}");
        Assert.Equal("resolved", incident.GetProperty("status").GetString());
        Assert.Contains("Status: <strong>Resolved</strong>", await chain.Status.App.GetStringAsync($"/status/incidents/{incidentId}"));
        foreach (var delivery in new[] { opened, resolved })
        {
            var message = await chain.Webhooks.Operator.GetFromJsonAsync<JsonElement>($"/v1/messages/{delivery.Id}");
            Assert.Equal("Delivered", message.GetProperty("status").GetString());
        }

        // The partner's check has teeth: the opened webhook's headers over a changed body fail it.
        Assert.Contains("\"critical\"", opened.Body);
        using var forged = new HttpRequestMessage(HttpMethod.Post, chain.Receiver.Url)
        {
            Content = new StringContent(opened.Body.Replace("critical", "minor", StringComparison.Ordinal)),
            Headers = { { "webhook-id", opened.Id }, { "webhook-timestamp", opened.Timestamp }, { "webhook-signature", opened.Signature } },
        };
        await chain.Webhooks.App.SendAsync(forged);
        Assert.False(chain.Receiver.Requests.Last().SignatureValid);
    }

    [Fact]
    public async Task A_partner_down_for_an_hour_gets_every_incident_webhook_once_it_is_back_none_lost_ids_stable()
    {
        await using var chain = await TrustChain.StartAsync();
        chain.Receiver.Up = false;
        var downSince = chain.Clock.GetUtcNow();

        // An operator's incident with an update every 10 minutes of the hour, resolved at its end: seven events.
        var created = await (await chain.Status.Operator.PostAsJsonAsync("/v1/incidents", new
        {
            title = "Payouts delayed", severity = "major", components = new[] { "payouts" }, message = "Payouts are delayed; we are investigating.",
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var incidentId = created.Id()!;
        for (var update = 1; update <= 6; update++)
        {
            await chain.AdvanceForAsync(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
            (await chain.Status.Operator.PostAsJsonAsync($"/v1/incidents/{incidentId}/updates", update < 6
                ? new { status = (string?)null, message = $"Update {update}: still working on it." }
                : new { status = (string?)"resolved", message = "Payouts are flowing again." })).EnsureSuccessStatusCode();
        }

        var incident = await chain.Status.Operator.GetFromJsonAsync<JsonElement>($"/v1/incidents/{incidentId}");
        var events = incident.GetProperty("updates").GetArrayLength();
        Assert.Equal(7, events);
        await chain.AdvanceUntilAsync(() => Task.FromResult(RefusedIds(chain, incidentId).Count == events), TimeSpan.FromMinutes(1),
            "every event of the incident was attempted and refused while the partner was down");
        Assert.True(chain.Clock.GetUtcNow() - downSince >= TimeSpan.FromHours(1));

        chain.Receiver.Up = true;
        await chain.AdvanceUntilAsync(() => Task.FromResult(AcceptedFor(chain, incidentId).Select(d => d.Id).Distinct().Count() == events),
            TimeSpan.FromMinutes(1), "retries delivered every message once the partner was back");

        var accepted = AcceptedFor(chain, incidentId);
        Assert.Equal(RefusedIds(chain, incidentId).Order(), accepted.Select(d => d.Id).Order());
        Assert.All(accepted.GroupBy(d => d.Id), g => Assert.Single(g));
        Assert.All(chain.Receiver.Requests, r => Assert.True(r.SignatureValid, $"signature of {r.Id}"));
        Assert.All(chain.Receiver.Requests.Where(r => TrustChain.IncidentOf(r) == incidentId).GroupBy(r => r.Id),
            attempts => Assert.Single(attempts.Select(a => a.Body).Distinct()));
        Assert.Equal([Opened, .. Enumerable.Repeat(Updated, 5), Resolved], accepted.Select(d => d.Type!).OrderBy(TypeOrder));
        foreach (var delivery in accepted)
        {
            var message = await chain.Webhooks.Operator.GetFromJsonAsync<JsonElement>($"/v1/messages/{delivery.Id}");
            Assert.Equal("Delivered", message.GetProperty("status").GetString());
        }
    }

    private static HashSet<string> RefusedIds(TrustChain chain, string incidentId) =>
        [.. chain.Receiver.Requests.Where(r => r.Answered != 200 && TrustChain.IncidentOf(r) == incidentId).Select(r => r.Id)];

    private static List<PartnerReceiver.Delivery> AcceptedFor(TrustChain chain, string incidentId) =>
        [.. chain.Receiver.Accepted.Where(d => TrustChain.IncidentOf(d) == incidentId)];

    private static int TypeOrder(string type) => type switch { Opened => 0, Updated => 1, _ => 2 };
}

internal static class IncidentJson
{
    public static string? Id(this JsonElement incident) =>
        incident.ValueKind == JsonValueKind.Object ? incident.GetProperty("id").GetString() : null;
}
