using System.Collections.Concurrent;
using GoLive.Webhooks.Endpoints;

namespace GoLive.Webhooks.Deliveries;

/// <summary>
/// Per-endpoint throttling in this process: at most <c>MaxConcurrency</c> attempts in flight, a token bucket of
/// <c>RatePerSecond</c>, and a pause when the receiver asked for one (429/502/504 with Retry-After).
/// </summary>
internal sealed class EndpointThrottles(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new();

    /// <summary>Takes a slot, or answers when to try again.</summary>
    public bool TryEnter(WebhookEndpoint endpoint, out DateTimeOffset retryAt)
    {
        var gate = _gates.GetOrAdd(endpoint.Id, _ => new Gate());
        var now = time.GetUtcNow();
        lock (gate)
        {
            retryAt = now + TimeSpan.FromMilliseconds(200);
            if (gate.PausedUntil > now)
            {
                retryAt = gate.PausedUntil;
                return false;
            }

            var rate = endpoint.Throttle.RatePerSecond;
            gate.Tokens = Math.Min(rate, gate.Tokens + ((now - gate.Refilled).TotalSeconds * rate));
            gate.Refilled = now;
            if (gate.InFlight >= endpoint.Throttle.MaxConcurrency || gate.Tokens < 1)
            {
                return false;
            }

            gate.Tokens--;
            gate.InFlight++;
            return true;
        }
    }

    public void Exit(string endpointId)
    {
        if (_gates.TryGetValue(endpointId, out var gate))
        {
            lock (gate)
            {
                gate.InFlight--;
            }
        }
    }

    public void Pause(string endpointId, DateTimeOffset until)
    {
        var gate = _gates.GetOrAdd(endpointId, _ => new Gate());
        lock (gate)
        {
            gate.PausedUntil = until > gate.PausedUntil ? until : gate.PausedUntil;
        }
    }

    private sealed class Gate
    {
        public double Tokens = double.MaxValue;
        public DateTimeOffset Refilled = DateTimeOffset.MinValue;
        public int InFlight;
        public DateTimeOffset PausedUntil = DateTimeOffset.MinValue;
    }
}
