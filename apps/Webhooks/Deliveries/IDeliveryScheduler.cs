using GoLive.DaprAccess.State;

namespace GoLive.Webhooks.Deliveries;

/// <summary>
/// Durable "deliver this message at that time". Today a due-time index in the state store scanned by
/// <see cref="DeliveryLoop"/>; actor reminders can replace it behind this interface.
/// </summary>
internal interface IDeliveryScheduler
{
    Task ScheduleAsync(IReadOnlyCollection<(string MessageId, DateTimeOffset DueAt)> items, CancellationToken cancellationToken);

    /// <summary>Removes the messages unless something rescheduled them after <paramref name="scannedAt"/> (a replay).</summary>
    Task CancelAsync(IReadOnlyCollection<string> messageIds, DateTimeOffset scannedAt, CancellationToken cancellationToken);

    /// <summary>Message ids due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);
}

/// <summary>The due-time index: one state document mapping message id to due time (Unix milliseconds).</summary>
internal sealed class DueIndexScheduler(IStateStore state) : IDeliveryScheduler
{
    private const string Key = "due";
    private readonly SemaphoreSlim _local = new(1, 1);

    public Task ScheduleAsync(IReadOnlyCollection<(string MessageId, DateTimeOffset DueAt)> items, CancellationToken cancellationToken) =>
        items.Count == 0 ? Task.CompletedTask : ChangeAsync(due =>
        {
            foreach (var (id, at) in items)
            {
                due[id] = at.ToUnixTimeMilliseconds();
            }
        }, cancellationToken);

    public Task CancelAsync(IReadOnlyCollection<string> messageIds, DateTimeOffset scannedAt, CancellationToken cancellationToken) =>
        messageIds.Count == 0 ? Task.CompletedTask : ChangeAsync(due =>
        {
            var cutoff = scannedAt.ToUnixTimeMilliseconds();
            foreach (var id in messageIds)
            {
                if (due.TryGetValue(id, out var at) && at <= cutoff)
                {
                    due.Remove(id);
                }
            }
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var (due, _) = await state.GetAsync<Dictionary<string, long>>(Key, cancellationToken);
        var cutoff = now.ToUnixTimeMilliseconds();
        return due is null ? [] : [.. due.Where(d => d.Value <= cutoff).OrderBy(d => d.Value).Take(max).Select(d => d.Key)];
    }

    private async Task ChangeAsync(Action<Dictionary<string, long>> change, CancellationToken cancellationToken)
    {
        await _local.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var (due, etag) = await state.GetAsync<Dictionary<string, long>>(Key, cancellationToken);
                due ??= [];
                change(due);
                if (await state.TrySaveAsync(Key, due, etag, cancellationToken: cancellationToken))
                {
                    return;
                }
            }
        }
        finally
        {
            _local.Release();
        }
    }
}
