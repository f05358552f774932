using System.Collections.Concurrent;
using System.Threading.Channels;
using GoLive.Runtime.Components;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GoLive.Runtime.PubSub;

/// <summary>
/// <c>pubsub.redis</c> on Redis Streams. A topic is a stream; a subscription is a consumer group (the app id), so several
/// instances of one app share its messages and each app gets every message. A message is acknowledged only after the
/// app accepted it; one left pending longer than <c>processingTimeout</c> (a crashed app or sidecar) is claimed and
/// delivered again every <c>redeliverInterval</c>: at least once, never lost once XADD succeeded.
/// </summary>
internal sealed class RedisStreamsPubSub : IPubSubBroker, IComponentCapabilities, IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly RedisStreamsOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<Consumer> _consumers = [];

    private RedisStreamsPubSub(ConnectionMultiplexer redis, RedisStreamsOptions options, ILogger logger)
    {
        _redis = redis;
        _options = options;
        _logger = logger;
    }

    public IReadOnlyList<string> Capabilities { get; } = [];

    internal IDatabase Db => _redis.GetDatabase(_options.Database);

    public static async Task<RedisStreamsPubSub> OpenAsync(ComponentContext context)
    {
        var options = RedisStreamsOptions.From(context);
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
            {
                EndPoints = { options.Host },
                Password = context.Get("redisPassword"),
                User = context.Get("redisUsername"),
                AbortOnConnectFail = true,
                ConnectTimeout = 5000,
            });
            return new RedisStreamsPubSub(redis, options, context.LoggerFactory.CreateLogger<RedisStreamsPubSub>());
        }
        catch (RedisConnectionException e)
        {
            throw context.Invalid($"cannot reach Redis at {options.Host}: {e.Message}");
        }
    }

    public async Task PublishAsync(BrokerMessage message, CancellationToken cancellationToken)
    {
        NameValueEntry[] fields = [new("data", message.Data), new("contentType", message.ContentType)];
        await Db.StreamAddAsync(message.Topic, fields, maxLength: _options.MaxLenApprox, useApproximateMaxLength: _options.MaxLenApprox is not null);
    }

    public IAsyncDisposable Subscribe(string topic, string consumerGroup, Func<BrokerMessage, CancellationToken, Task> handler)
    {
        var consumer = new Consumer(this, topic, _options.ConsumerId ?? consumerGroup, handler);
        _consumers.Add(consumer);
        return consumer;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in _consumers) await consumer.DisposeAsync();
        await _redis.DisposeAsync();
    }

    /// <summary>One member of a consumer group: reads new entries, and periodically claims entries others left pending.</summary>
    private sealed class Consumer : IAsyncDisposable
    {
        private readonly RedisStreamsPubSub _owner;
        private readonly string _topic;
        private readonly string _group;
        private readonly string _name = Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..8];
        private readonly Func<BrokerMessage, CancellationToken, Task> _handler;
        private readonly SemaphoreSlim _slots;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<string, byte> _inFlight = new();
        private readonly Channel<RedisValue> _acks = Channel.CreateUnbounded<RedisValue>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _reading;
        private readonly Task _reclaiming;
        private readonly Task _acking;
        private int _disposed;

        public Consumer(RedisStreamsPubSub owner, string topic, string group, Func<BrokerMessage, CancellationToken, Task> handler)
        {
            (_owner, _topic, _group, _handler) = (owner, topic, group, handler);
            _slots = new SemaphoreSlim(owner._options.Concurrency);
            _reading = Task.Run(ReadLoopAsync);
            _reclaiming = Task.Run(ReclaimLoopAsync);
            _acking = Task.Run(AckLoopAsync);
        }

        private async Task ReadLoopAsync()
        {
            var idle = TimeSpan.FromMilliseconds(1);
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await EnsureGroupAsync();
                    var entries = await _owner.Db.StreamReadGroupAsync(_topic, _group, _name, ">", _owner._options.QueueDepth);
                    foreach (var entry in entries) await StartAsync(entry);
                    // Poll fast while busy, back off to 50 ms when the stream is quiet.
                    idle = entries.Length > 0 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(Math.Min(50, idle.TotalMilliseconds * 2));
                    if (entries.Length == 0) await Task.Delay(idle, _stop.Token);
                }
                catch (OperationCanceledException) { return; }
                catch (RedisException e)
                {
                    _owner._logger.LogWarning(e, "Reading {Topic} for {Group} failed, retrying", _topic, _group);
                    await Delay(TimeSpan.FromSeconds(1));
                }
            }
        }

        private async Task ReclaimLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                if (!await Delay(_owner._options.RedeliverInterval)) return;
                try
                {
                    var pending = await _owner.Db.StreamPendingMessagesAsync(_topic, _group, 100, RedisValue.Null);
                    var stale = pending
                        .Where(p => p.IdleTimeInMilliseconds >= _owner._options.ProcessingTimeout.TotalMilliseconds && !_inFlight.ContainsKey(p.MessageId!))
                        .Select(p => p.MessageId).ToArray();
                    if (stale.Length == 0) continue;
                    var claimed = await _owner.Db.StreamClaimAsync(_topic, _group, _name, (long)_owner._options.ProcessingTimeout.TotalMilliseconds, stale);
                    foreach (var entry in claimed.Where(e => !e.IsNull)) await StartAsync(entry);
                }
                catch (OperationCanceledException) { return; }   // stopping while waiting for a free slot
                catch (RedisException e)
                {
                    _owner._logger.LogWarning(e, "Reclaiming pending messages of {Topic} failed", _topic);
                }
            }
        }

        private async Task StartAsync(StreamEntry entry)
        {
            if (!_inFlight.TryAdd(entry.Id!, 0)) return;
            try { await _slots.WaitAsync(_stop.Token); }
            catch (OperationCanceledException)
            {
                _inFlight.TryRemove(entry.Id!, out _);   // never started: it stays pending in the group for another consumer
                throw;
            }
            _ = HandleAsync(entry);
        }

        private async Task HandleAsync(StreamEntry entry)
        {
            try
            {
                var message = new BrokerMessage(_topic, (byte[])entry["data"]!, (string?)entry["contentType"] ?? CloudEvents.MediaType,
                    new Dictionary<string, string>());
                await _handler(message, _stop.Token);
                _acks.Writer.TryWrite(entry.Id);   // refused only when stopping: the entry stays pending and is redelivered
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _owner._logger.LogInformation(e, "Event {Id} of {Topic} left pending for redelivery", (string?)entry.Id, _topic);
            }
            catch (OperationCanceledException) { /* stopping: stays pending, another consumer will claim it */ }
            finally
            {
                _inFlight.TryRemove(entry.Id!, out _);
                _slots.Release();
            }
        }

        /// <summary>
        /// Acknowledges accepted entries in batches: whatever finished while the previous XACK was on the wire goes in the
        /// next one, so a busy consumer sends one write (one AOF fsync with <c>appendfsync always</c>) for many entries.
        /// An acknowledgement lost to a Redis failure leaves the entry pending: delivered again, as at-least-once allows.
        /// </summary>
        private async Task AckLoopAsync()
        {
            var batch = new List<RedisValue>(256);
            while (await _acks.Reader.WaitToReadAsync())
            {
                while (batch.Count < 256 && _acks.Reader.TryRead(out var id)) batch.Add(id);
                try
                {
                    await _owner.Db.StreamAcknowledgeAsync(_topic, _group, [.. batch]);
                }
                catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
                {
                    _owner._logger.LogInformation("Acknowledging {Count} events of {Topic} failed; they stay pending for redelivery: {Reason}",
                        batch.Count, _topic, e.Message);
                }
                batch.Clear();
            }
        }

        private async Task EnsureGroupAsync()
        {
            try { await _owner.Db.StreamCreateConsumerGroupAsync(_topic, _group, "0", createStream: true); }
            catch (RedisServerException e) when (e.Message.Contains("BUSYGROUP", StringComparison.Ordinal)) { /* exists */ }
        }

        private async Task<bool> Delay(TimeSpan wait)
        {
            try { await Task.Delay(wait, _stop.Token); return true; }
            catch (OperationCanceledException) { return false; }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            await _stop.CancelAsync();
            await Task.WhenAll(_reading, _reclaiming);
            _acks.Writer.TryComplete();
            await _acking;   // sends what was accepted before the stop
            _stop.Dispose();
        }
    }
}

internal sealed record RedisStreamsOptions(string Host, int Database, int Concurrency, int QueueDepth, TimeSpan ProcessingTimeout,
    TimeSpan RedeliverInterval, long? MaxLenApprox, string? ConsumerId)
{
    public static RedisStreamsOptions From(ComponentContext context) => new(
        context.Require("redisHost"),
        context.GetInt("redisDB", 0),
        Math.Max(1, context.GetInt("concurrency", 10)),
        Math.Max(1, context.GetInt("queueDepth", 100)),
        context.GetDuration("processingTimeout", TimeSpan.FromSeconds(60)),
        context.GetDuration("redeliverInterval", TimeSpan.FromSeconds(60)),
        context.Get("maxLenApprox") is not null ? context.GetInt("maxLenApprox", 0) : null,
        context.Get("consumerID"));
}
