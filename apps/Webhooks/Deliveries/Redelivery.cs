namespace GoLive.Webhooks.Deliveries;

/// <summary>Replay of one message, and recovery of an endpoint's failed messages since a time: a fresh round of retries.</summary>
internal sealed class Redelivery(MessageStore messages, IDeliveryScheduler scheduler, TimeProvider time)
{
    public async Task<WebhookMessage?> ReplayAsync(string messageId, CancellationToken cancellationToken)
    {
        var message = await messages.FindAsync(messageId, cancellationToken);
        return message is null ? null : await RequeueAsync(message, cancellationToken);
    }

    /// <summary>Requeues every failed message of the endpoint created at or after <paramref name="since"/>; answers their ids.</summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(string endpointId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var failed = (await messages.ForEndpointAsync(endpointId, cancellationToken))
            .Where(m => m.Status == MessageStatus.Failed && m.CreatedAt >= since)
            .ToList();
        foreach (var message in failed)
        {
            await RequeueAsync(message, cancellationToken);
        }

        return [.. failed.Select(m => m.Id)];
    }

    private async Task<WebhookMessage> RequeueAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var requeued = message with { Status = MessageStatus.Pending, NextAttemptAt = now, AttemptsInRound = 0 };
        await messages.SaveAsync(requeued, cancellationToken);
        await scheduler.ScheduleAsync([(message.Id, now)], cancellationToken);
        return requeued;
    }
}
