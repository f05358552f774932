using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace GoLive.Runtime.PubSub;

/// <summary>
/// Bulk subscribe: gathers up to <c>maxMessagesCount</c> events or waits <c>maxAwaitDurationMs</c>, POSTs them in one
/// request per route, and settles each entry by the status the app gives it (a missing status means RETRY).
/// </summary>
internal sealed class BulkDelivery : IAsyncDisposable
{
    private readonly EventDelivery _delivery;
    private readonly BulkSubscribeOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<Entry> _pending = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private sealed record Entry(string EntryId, byte[] Event, string Path, TaskCompletionSource Done)
    {
        public int Retries { get; set; }
    }

    public BulkDelivery(EventDelivery delivery, BulkSubscribeOptions options, TimeProvider time)
    {
        _delivery = delivery;
        _options = options;
        _time = time;
        _loop = Task.Run(BatchLoopAsync);
    }

    /// <summary>Completes when the event has been delivered, dropped or dead-lettered.</summary>
    public Task DeliverAsync(byte[] cloudEvent, string path, CancellationToken cancellationToken)
    {
        var entry = new Entry(Guid.NewGuid().ToString(), cloudEvent, path, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending.Writer.TryWrite(entry);
        return entry.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task BatchLoopAsync()
    {
        var batch = new List<Entry>(_options.MaxMessagesCount);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(_stop.Token))
            {
                batch.Clear();
                using var window = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.MaxAwaitDurationMs), _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(window.Token, _stop.Token);
                try
                {
                    while (batch.Count < _options.MaxMessagesCount)
                    {
                        if (_pending.Reader.TryRead(out var entry)) batch.Add(entry);
                        else if (!await _pending.Reader.WaitToReadAsync(linked.Token)) break;
                    }
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested) { /* the wait window closed */ }
                foreach (var group in batch.GroupBy(e => e.Path)) _ = SendAsync(group.Key, group.ToArray());
            }
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    private async Task SendAsync(string path, Entry[] entries)
    {
        var statuses = await PostAsync(path, entries);
        foreach (var entry in entries)
        {
            var outcome = statuses.TryGetValue(entry.EntryId, out var status) ? EventDelivery.ToOutcome(status) : DeliveryOutcome.Retry;
            await SettleAsync(entry, outcome);
        }
    }

    private async Task SettleAsync(Entry entry, DeliveryOutcome outcome)
    {
        try
        {
            switch (outcome)
            {
                case DeliveryOutcome.Success:
                    entry.Done.TrySetResult();
                    return;
                case DeliveryOutcome.Drop:
                    await _delivery.DeadLetterAsync(entry.Event, "the app dropped it", _stop.Token);
                    entry.Done.TrySetResult();
                    return;
            }
            entry.Retries++;
            if (_delivery.Retry.DelayBefore(entry.Retries) is not { } delay)
            {
                await _delivery.DeadLetterAsync(entry.Event, $"it was retried {entry.Retries - 1} times", _stop.Token);
                entry.Done.TrySetResult();
                return;
            }
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _time, _stop.Token);
            _pending.Writer.TryWrite(entry);
        }
        catch (OperationCanceledException)
        {
            entry.Done.TrySetCanceled();
        }
    }

    private async Task<Dictionary<string, string?>> PostAsync(string path, Entry[] entries)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("entryId", entry.EntryId);
                writer.WritePropertyName("event");
                writer.WriteRawValue(entry.Event, skipInputValidation: true);
                writer.WriteStartObject("metadata");
                writer.WriteEndObject();
                writer.WriteString("contentType", CloudEvents.MediaType);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteString("id", Guid.NewGuid().ToString());
            writer.WriteString("pubsubname", _delivery.Spec.PubsubName);
            writer.WriteString("topic", _delivery.Spec.Topic);
            writer.WriteString("type", "com.dapr.event.sent");
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        var statuses = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            using var content = new ByteArrayContent(body.WrittenSpan.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            using var response = await _delivery.Channel.Client.PostAsync(path, content, _stop.Token);
            if (!response.IsSuccessStatusCode) return statuses;
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(_stop.Token));
            if (document.RootElement.TryGetProperty("statuses", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.TryGetProperty("entryId", out var id) && id.GetString() is { } entryId)
                        statuses[entryId] = item.TryGetProperty("status", out var s) ? s.GetString() : null;
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException) { /* every entry is retried */ }
        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
