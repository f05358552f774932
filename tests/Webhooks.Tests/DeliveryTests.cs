using GoLive.Webhooks.Deliveries;
using GoLive.Webhooks.Endpoints;
using GoLive.Webhooks.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace GoLive.Webhooks.Tests;

public sealed class DeliveryTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task A_message_is_delivered_signed_with_the_endpoint_secret()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        await harness.RegisterAsync(receiver);

        var ids = await harness.SendAsync("evt_1");
        await harness.Dispatcher.DispatchDueAsync(Ct);

        var received = Assert.Single(receiver.Requests);
        Assert.True(received.SignatureValid);
        Assert.Equal(ids.Single(), received.Id);
        Assert.Equal(MessageStatus.Delivered, (await harness.Messages.FindAsync(ids[0], Ct))!.Status);
    }

    [Fact]
    public async Task Only_endpoints_whose_filters_match_get_a_message()
    {
        await using var harness = new WebhooksHarness();
        await using var incidents = await TestReceiver.StartAsync();
        await using var slos = await TestReceiver.StartAsync();
        await harness.RegisterAsync(incidents, "golive.status.incident.*");
        await harness.RegisterAsync(slos, "golive.status.slo.burn-rate-exceeded");

        await harness.SendAsync("evt_1", "golive.status.incident.resolved");
        await harness.Dispatcher.DispatchDueAsync(Ct);

        Assert.Single(incidents.Requests);
        Assert.Empty(slos.Requests);
    }

    [Fact]
    public async Task The_same_event_twice_creates_the_same_messages_once()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        await harness.RegisterAsync(receiver);

        var first = await harness.SendAsync("evt_dup");
        var second = await harness.SendAsync("evt_dup");
        await harness.Dispatcher.DispatchDueAsync(Ct);

        Assert.Equal(first, second);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_410_answer_disables_the_endpoint_and_publishes_the_operational_event()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        var endpoint = await harness.RegisterAsync(receiver);
        receiver.Respond = _ => Results.StatusCode(StatusCodes.Status410Gone);

        var ids = await harness.SendAsync("evt_1");
        await harness.Dispatcher.DispatchDueAsync(Ct);

        var stored = await harness.Endpoints.FindAsync(endpoint.Id, Ct);
        Assert.True(stored!.Disabled);
        Assert.Equal(MessageStatus.Failed, (await harness.Messages.FindAsync(ids[0], Ct))!.Status);
        var published = Assert.Single(harness.State.Published);
        Assert.Equal(EndpointRegistry.DisabledEventType, published.Type);
        Assert.Equal(endpoint.Id, published.Data.GetProperty("endpointId").GetString());
        Assert.DoesNotContain(endpoint.Secrets[0].Value, published.Data.GetRawText(), StringComparison.Ordinal); // the projection, not the document

        // A disabled endpoint gets no new messages.
        Assert.Empty(await harness.SendAsync("evt_2"));
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_not_followed()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        await harness.RegisterAsync(receiver);
        receiver.Respond = _ => Results.Redirect(receiver.BaseUrl + "/elsewhere", permanent: true, preserveMethod: true);

        var ids = await harness.SendAsync("evt_1");
        await harness.Dispatcher.DispatchDueAsync(Ct);

        Assert.Empty(receiver.Elsewhere);
        var message = await harness.Messages.FindAsync(ids[0], Ct);
        Assert.Equal(MessageStatus.Pending, message!.Status);
        var attempt = Assert.Single(message.Attempts);
        Assert.Equal((AttemptOutcome.Failed, 308), (attempt.Outcome, attempt.StatusCode));
        Assert.Equal(harness.Clock.GetUtcNow() + TimeSpan.FromSeconds(5), message.NextAttemptAt);
    }

    [Fact]
    public async Task Failures_follow_the_retry_schedule_until_the_round_ends()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        await harness.RegisterAsync(receiver);
        receiver.Respond = _ => Results.StatusCode(500);
        harness.Get<Microsoft.Extensions.Options.IOptions<WebhooksOptions>>().Value.DisableAfterFailingFor = TimeSpan.FromDays(30);

        var id = (await harness.SendAsync("evt_1")).Single();
        await harness.RunForAsync(TimeSpan.FromDays(4), TimeSpan.FromMinutes(1));

        var message = await harness.Messages.FindAsync(id, Ct);
        Assert.Equal(MessageStatus.Failed, message!.Status);
        Assert.Equal(RetrySchedule.MaxAttempts, message.Attempts.Count);
        var gaps = message.Attempts.Zip(message.Attempts.Skip(1), (a, b) => b.At - a.At).ToList();
        for (var i = 0; i < gaps.Count; i++)
        {
            // The loop looks once a minute, so each wait is the scheduled one rounded up to the next minute.
            Assert.InRange(gaps[i], RetrySchedule.Delays[i], RetrySchedule.Delays[i] + TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task An_endpoint_failing_for_days_is_disabled_with_an_event()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        var endpoint = await harness.RegisterAsync(receiver);
        receiver.Respond = _ => Results.StatusCode(503);

        await harness.SendAsync("evt_1");
        await harness.RunForAsync(TimeSpan.FromDays(4), TimeSpan.FromMinutes(10));

        Assert.True((await harness.Endpoints.FindAsync(endpoint.Id, Ct))!.Disabled);
        Assert.Contains(harness.State.Published, e => e.Type == EndpointRegistry.DisabledEventType);
    }

    [Fact]
    public async Task Retry_after_on_429_holds_the_endpoint_back()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        await harness.RegisterAsync(receiver);
        receiver.Respond = context =>
        {
            context.Response.Headers.RetryAfter = "120";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        };

        var id = (await harness.SendAsync("evt_1")).Single();
        await harness.Dispatcher.DispatchDueAsync(Ct);
        receiver.Respond = _ => Results.Ok();
        await harness.RunForAsync(TimeSpan.FromSeconds(110), TimeSpan.FromSeconds(10));

        Assert.Single(receiver.Requests);
        await harness.RunForAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10));
        Assert.Equal(2, receiver.Requests.Count);
        var message = await harness.Messages.FindAsync(id, Ct);
        Assert.Equal([AttemptOutcome.Throttled, AttemptOutcome.Succeeded], message!.Attempts.Select(a => a.Outcome));
    }

    [Fact]
    public async Task Receiver_down_for_an_hour_gets_every_message_once_it_is_back_with_stable_ids()
    {
        await using var harness = new WebhooksHarness(jitter: Random.Shared.NextDouble);
        await using var receiver = await TestReceiver.StartAsync();
        await harness.RegisterAsync(receiver);
        var up = false;
        var delivered = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        receiver.Respond = context =>
        {
            if (!up)
            {
                return Results.StatusCode(503);
            }

            delivered.AddOrUpdate(context.Request.Headers["webhook-id"].ToString(), 1, (_, n) => n + 1);
            return Results.Ok();
        };

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.AddRange(await harness.SendAsync($"evt_{i}"));
            await harness.RunForAsync(TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1)); // events keep arriving during the outage
        }

        up = true;
        await harness.RunForAsync(TimeSpan.FromHours(3), TimeSpan.FromMinutes(1));

        Assert.Equal(ids.Order(), delivered.Keys.Order());
        Assert.All(delivered.Values, count => Assert.Equal(1, count));
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        foreach (var id in ids)
        {
            Assert.Equal(MessageStatus.Delivered, (await harness.Messages.FindAsync(id, Ct))!.Status);
        }
    }

    [Fact]
    public async Task Replay_sends_a_delivered_message_again_with_the_same_id()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        await harness.RegisterAsync(receiver);
        var id = (await harness.SendAsync("evt_1")).Single();
        await harness.Dispatcher.DispatchDueAsync(Ct);

        await harness.Get<Redelivery>().ReplayAsync(id, Ct);
        await harness.Dispatcher.DispatchDueAsync(Ct);

        Assert.Equal([id, id], receiver.Requests.Select(r => r.Id));
        Assert.Equal(2, (await harness.Messages.FindAsync(id, Ct))!.Attempts.Count);
    }

    [Fact]
    public async Task Recovery_requeues_the_failed_messages_since_the_given_time_only()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        var endpoint = await harness.RegisterAsync(receiver);
        receiver.Respond = _ => Results.StatusCode(StatusCodes.Status410Gone);
        var old = (await harness.SendAsync("evt_old")).Single();
        await harness.Dispatcher.DispatchDueAsync(Ct);
        await harness.Endpoints.EnableAsync(endpoint.Id, Ct);
        harness.Clock.Advance(TimeSpan.FromHours(1));
        var since = harness.Clock.GetUtcNow();
        var recent = (await harness.SendAsync("evt_recent")).Single();
        await harness.Dispatcher.DispatchDueAsync(Ct);
        await harness.Endpoints.EnableAsync(endpoint.Id, Ct);

        receiver.Respond = _ => Results.Ok();
        var recovered = await harness.Get<Redelivery>().RecoverAsync(endpoint.Id, since, Ct);
        await harness.Dispatcher.DispatchDueAsync(Ct);

        Assert.Equal([recent], recovered);
        Assert.Equal(MessageStatus.Delivered, (await harness.Messages.FindAsync(recent, Ct))!.Status);
        Assert.Equal(MessageStatus.Failed, (await harness.Messages.FindAsync(old, Ct))!.Status);
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_sign_and_after_the_overlap_only_the_new_one()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        var endpoint = await harness.RegisterAsync(receiver);
        var oldSecret = endpoint.Secrets[0].Value;

        var rotated = await harness.Endpoints.RotateSecretAsync(endpoint.Id, TimeSpan.FromHours(1), Ct);
        await harness.SendAsync("evt_1");
        await harness.Dispatcher.DispatchDueAsync(Ct);
        receiver.Secret = rotated!.Secrets[0].Value;
        harness.Clock.Advance(TimeSpan.FromHours(2));
        await harness.SendAsync("evt_2");
        await harness.Dispatcher.DispatchDueAsync(Ct);

        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests[0].Signature.Split(' ').Length);
        Assert.True(Verifies(requests[0], oldSecret));
        Assert.True(Verifies(requests[0], rotated.Secrets[0].Value));
        Assert.Single(requests[1].Signature.Split(' '));
        Assert.True(requests[1].SignatureValid);
        Assert.False(Verifies(requests[1], oldSecret));

        bool Verifies(TestReceiver.Received r, string secret) =>
            Signing.WebhookSecret.TryParse(secret, out var key) && Signing.WebhookSigner.Verify(
                r.Id, r.Timestamp, System.Text.Encoding.UTF8.GetBytes(r.Body), r.Signature, key, harness.Clock.GetUtcNow(), TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task Per_endpoint_concurrency_and_rate_limits_hold_deliveries_back()
    {
        await using var harness = new WebhooksHarness();
        await using var receiver = await TestReceiver.StartAsync();
        var endpoint = await harness.Endpoints.CreateAsync(new EndpointRequest(receiver.Url, null, null, null, 5, 2), Ct);
        receiver.Secret = endpoint.Secrets[0].Value;
        receiver.Clock = harness.Clock;

        for (var i = 0; i < 6; i++)
        {
            await harness.SendAsync($"evt_{i}");
        }

        await harness.Dispatcher.DispatchDueAsync(Ct);
        Assert.Equal(2, receiver.Requests.Count); // a bucket of 2 per second

        await harness.RunForAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        Assert.Equal(6, receiver.Requests.Count);
    }

    [Fact]
    public async Task Messages_pending_at_a_restart_are_delivered_by_the_next_process()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Respond = _ => Results.StatusCode(503);
        var first = new WebhooksHarness();
        await first.RegisterAsync(receiver);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.AddRange(await first.SendAsync($"evt_{i}"));
        }

        await first.Dispatcher.DispatchDueAsync(Ct);
        await first.DisposeAsync(); // the process dies; only the state store remains

        await using var second = new WebhooksHarness(state: first.State, clock: first.Clock);
        receiver.Respond = _ => Results.Ok();
        await second.RunForAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10));

        Assert.Equal(ids.Order(), receiver.Requests.Where(r => r.SignatureValid).Select(r => r.Id).Distinct().Order());
    }
}
