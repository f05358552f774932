using GoLive.Webhooks.Endpoints;
using Microsoft.Extensions.Options;

namespace GoLive.Webhooks.Deliveries;

/// <summary>Attempts the due messages and records what happened: the attempt log, the next try, the endpoint's health.</summary>
internal sealed partial class DeliveryDispatcher(
    MessageStore messages, EndpointRegistry endpoints, IDeliveryScheduler scheduler, WebhookSender sender,
    EndpointThrottles throttles, RetrySchedule schedule, TimeProvider time, IOptions<WebhooksOptions> options,
    ILogger<DeliveryDispatcher> logger)
{
    public const int BatchSize = 500;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    /// <summary>One pass over the due index; answers how many messages were looked at.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var scannedAt = time.GetUtcNow();
        var due = await scheduler.DueAsync(scannedAt, BatchSize, cancellationToken);
        var next = new System.Collections.Concurrent.ConcurrentBag<(string Id, DateTimeOffset? At)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelDeliveries, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(due, parallel, async (id, ct) => next.Add((id, await DeliverAsync(id, ct))));

        // One index write per pass, after the messages themselves are saved: a crash in between only re-examines them.
        await scheduler.ScheduleAsync([.. next.Where(n => n.At is not null).Select(n => (n.Id, n.At!.Value))], cancellationToken);
        await scheduler.CancelAsync([.. next.Where(n => n.At is null).Select(n => n.Id)], scannedAt, cancellationToken);
        return due.Count;
    }

    /// <summary>Attempts one message if it is pending and due; answers when it is next due (null: never again).</summary>
    private async Task<DateTimeOffset?> DeliverAsync(string messageId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var message = await messages.FindAsync(messageId, cancellationToken);
        if (message is not { Status: MessageStatus.Pending })
        {
            return null;
        }

        if (message.NextAttemptAt > now)
        {
            return message.NextAttemptAt.Value;
        }

        var endpoint = await endpoints.FindAsync(message.EndpointId, cancellationToken);
        if (endpoint is null || endpoint.Disabled)
        {
            return await FinishAsync(message with { Status = MessageStatus.Failed, NextAttemptAt = null }, cancellationToken);
        }

        if (!throttles.TryEnter(endpoint, out var retryAt))
        {
            return retryAt;
        }

        AttemptResult result;
        try
        {
            result = await sender.SendAsync(endpoint, message, cancellationToken);
        }
        finally
        {
            throttles.Exit(endpoint.Id);
        }

        return await RecordAsync(endpoint, message, result, now, cancellationToken);
    }

    private async Task<DateTimeOffset?> RecordAsync(WebhookEndpoint endpoint, WebhookMessage message, AttemptResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var attempt = new DeliveryAttempt(message.Attempts.Count + 1, at, result.StatusCode, result.Outcome, result.Error, result.Duration.TotalMilliseconds);
        var attempted = message with { Attempts = [.. message.Attempts, attempt], AttemptsInRound = message.AttemptsInRound + 1 };
        LogAttempt(message.Id, endpoint.Id, result.Outcome, result.StatusCode);

        switch (result.Outcome)
        {
            case AttemptOutcome.Succeeded:
                await endpoints.RecordOutcomeAsync(endpoint.Id, succeeded: true, cancellationToken);
                return await FinishAsync(attempted with { Status = MessageStatus.Delivered, NextAttemptAt = null }, cancellationToken);
            case AttemptOutcome.Gone:
                await endpoints.DisableAsync(endpoint.Id, "The endpoint answered 410 Gone.", cancellationToken);
                return await FinishAsync(attempted with { Status = MessageStatus.Failed, NextAttemptAt = null }, cancellationToken);
        }

        var wait = schedule.After(attempted.AttemptsInRound);
        if (result is { Outcome: AttemptOutcome.Throttled, RetryAfter: { } retryAfter })
        {
            var pause = retryAfter < MaxRetryAfter ? retryAfter : MaxRetryAfter;
            throttles.Pause(endpoint.Id, time.GetUtcNow() + pause);
            wait = wait is { } planned && planned > pause ? planned : wait is null ? null : pause;
        }

        if (await endpoints.RecordOutcomeAsync(endpoint.Id, succeeded: false, cancellationToken))
        {
            await endpoints.DisableAsync(endpoint.Id, $"Every delivery failed for {options.Value.DisableAfterFailingFor}.", cancellationToken);
        }

        if (wait is null)
        {
            return await FinishAsync(attempted with { Status = MessageStatus.Failed, NextAttemptAt = null }, cancellationToken);
        }

        var next = time.GetUtcNow() + wait.Value;
        await messages.SaveAsync(attempted with { NextAttemptAt = next }, cancellationToken);
        return next;
    }

    private async Task<DateTimeOffset?> FinishAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        await messages.SaveAsync(message, cancellationToken);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} to {EndpointId}: {Outcome} ({StatusCode})")]
    private partial void LogAttempt(string messageId, string endpointId, AttemptOutcome outcome, int? statusCode);
}
