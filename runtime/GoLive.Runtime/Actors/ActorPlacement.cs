using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace GoLive.Runtime.Actors;

/// <summary>
/// Where each actor lives, for every sidecar of this runtime (daprd's placement service, in-process). An actor type is
/// hosted by every app instance that registered it; an id goes to one of them by rendezvous hashing, so adding or removing
/// an instance moves only the ids that hashed to it, and an id is active in one place at a time.
/// </summary>
public sealed class ActorPlacement
{
    private readonly ConcurrentDictionary<string, ImmutableHosts> _byType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ActorReminders> _reminders = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private sealed record ImmutableHosts(ActorHost[] Hosts);

    internal void Register(ActorHost host, IEnumerable<string> types)
    {
        lock (_gate)
        {
            foreach (var type in types)
                _byType[type] = new ImmutableHosts([.. (_byType.GetValueOrDefault(type)?.Hosts ?? []).Where(h => h != host), host]);
        }
    }

    internal void Unregister(ActorHost host)
    {
        lock (_gate)
        {
            foreach (var (type, hosts) in _byType)
                if (hosts.Hosts.Contains(host)) _byType[type] = new ImmutableHosts([.. hosts.Hosts.Where(h => h != host)]);
        }
    }

    /// <summary>The app instance that hosts <paramref name="actorType"/>/<paramref name="actorId"/>, or null when none does.</summary>
    internal ActorHost? Locate(string actorType, string actorId)
    {
        var hosts = _byType.GetValueOrDefault(actorType)?.Hosts;
        if (hosts is null || hosts.Length == 0) return null;
        if (hosts.Length == 1) return hosts[0];
        ActorHost? best = null;
        ulong bestScore = 0;
        foreach (var host in hosts)
        {
            var score = Score(host.InstanceKey, actorType, actorId);
            if (best is null || score > bestScore) (best, bestScore) = (host, score);
        }
        return best;
    }

    /// <summary>Every actor type some app hosts, with its hosts' app ids.</summary>
    public IReadOnlyDictionary<string, string[]> HostedTypes =>
        _byType.Where(t => t.Value.Hosts.Length > 0).ToDictionary(t => t.Key, t => t.Value.Hosts.Select(h => h.AppId).Distinct().ToArray());

    /// <summary>The durable reminders of an app id, shared by all of its instances.</summary>
    internal ActorReminders RemindersFor(string appId, Func<ActorReminders> create) => _reminders.GetOrAdd(appId, _ => create());

    internal bool TryRemoveReminders(string appId, ActorReminders reminders) =>
        _reminders.TryRemove(new KeyValuePair<string, ActorReminders>(appId, reminders));

    internal bool HostsApp(string appId) => _byType.Values.Any(t => t.Hosts.Any(h => h.AppId == appId));

    private static ulong Score(string instance, string actorType, string actorId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{instance}\n{actorType}\n{actorId}"), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
