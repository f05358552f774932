using System.Collections.Concurrent;
using GoLive.Runtime.Actors;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// Name resolution for service invocation and actor placement: every app instance whose sidecar runs in this process.
/// An app id may have several instances (replicas); invocation spreads calls over them.
/// </summary>
public sealed class AppDirectory
{
    private readonly ConcurrentDictionary<string, SidecarContext[]> _apps = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _next;

    /// <summary>Which instance hosts which actor, across every app of this runtime.</summary>
    public ActorPlacement Actors { get; } = new();

    public void Register(SidecarContext sidecar)
    {
        lock (_gate) _apps[sidecar.AppId] = [.. _apps.GetValueOrDefault(sidecar.AppId) ?? [], sidecar];
    }

    public void Unregister(SidecarContext sidecar)
    {
        lock (_gate)
        {
            var remaining = (_apps.GetValueOrDefault(sidecar.AppId) ?? []).Where(s => s != sidecar).ToArray();
            if (remaining.Length == 0) _apps.TryRemove(sidecar.AppId, out _);
            else _apps[sidecar.AppId] = remaining;
        }
    }

    /// <summary>An instance of <paramref name="appId"/> (round robin over its replicas), or null.</summary>
    public SidecarContext? Find(string appId)
    {
        if (!_apps.TryGetValue(appId, out var instances) || instances.Length == 0) return null;
        return instances.Length == 1 ? instances[0] : instances[(int)((uint)Interlocked.Increment(ref _next) % instances.Length)];
    }

    public IEnumerable<SidecarContext> All => _apps.Values.SelectMany(i => i);
}
