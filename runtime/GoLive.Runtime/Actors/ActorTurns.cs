using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Actors;

/// <summary>
/// Turn-based concurrency for one actor id: one call at a time, in arrival order. With reentrancy on, a call carrying the
/// reentrancy id of the call that holds the turn enters it (A → B → A does not deadlock), up to a maximum depth.
/// </summary>
internal sealed class ActorTurns(bool reentrancy, int maxStackDepth)
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _gate = new();
    private string? _holder;
    private int _depth;

    /// <summary>Calls in or waiting for a turn; an actor with none may be deactivated.</summary>
    public int Pending => Volatile.Read(ref _pending);
    private int _pending;

    /// <summary>Waits for the turn and returns the reentrancy id to send the app (null when reentrancy is off).</summary>
    public async Task<Turn> EnterAsync(string? reentrancyId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pending);
        try
        {
            if (reentrancy && reentrancyId is not null)
            {
                lock (_gate)
                {
                    if (_holder == reentrancyId)
                    {
                        if (_depth + 1 >= maxStackDepth)
                        {
                            throw new DaprApiException(new("ERR_ACTOR_INVOKE_METHOD",
                                $"maximum stack depth exceeded: reentrancy depth is limited to {maxStackDepth}", 500, global::Grpc.Core.StatusCode.Internal));
                        }

                        _depth++;
                        return new Turn(this, reentrancyId, Nested: true);
                    }
                }
            }
            await _turn.WaitAsync(cancellationToken);
            var id = reentrancy ? reentrancyId ?? Guid.NewGuid().ToString() : null;
            lock (_gate)
            {
                _holder = id;
                _depth = 0;
            }
            return new Turn(this, id, Nested: false);
        }
        catch
        {
            Interlocked.Decrement(ref _pending);
            throw;
        }
    }

    /// <summary>Takes the turn only if nobody holds it or waits for it (idle deactivation must not queue behind calls).</summary>
    public Turn? TryEnterIdle()
    {
        if (Pending > 0 || !_turn.Wait(0)) return null;
        Interlocked.Increment(ref _pending);
        return new Turn(this, null, Nested: false);
    }

    private void Exit(Turn turn)
    {
        Interlocked.Decrement(ref _pending);
        if (turn.Nested)
        {
            lock (_gate) _depth--;
            return;
        }
        lock (_gate) _holder = null;
        _turn.Release();
    }

    internal readonly record struct Turn(ActorTurns Owner, string? ReentrancyId, bool Nested) : IDisposable
    {
        public void Dispose() => Owner.Exit(this);
    }
}
