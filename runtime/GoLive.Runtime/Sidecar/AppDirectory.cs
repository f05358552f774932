using System.Collections.Concurrent;

namespace GoLive.Runtime.Sidecar;

/// <summary>Name resolution for service invocation: every app whose sidecar runs in this process, by app id.</summary>
public sealed class AppDirectory
{
    readonly ConcurrentDictionary<string, SidecarContext> _apps = new(StringComparer.Ordinal);

    public void Register(SidecarContext sidecar)
    {
        if (!_apps.TryAdd(sidecar.AppId, sidecar))
            throw new InvalidOperationException($"app id '{sidecar.AppId}' already has a sidecar in this runtime");
    }

    public void Unregister(SidecarContext sidecar) => _apps.TryRemove(new KeyValuePair<string, SidecarContext>(sidecar.AppId, sidecar));

    public SidecarContext? Find(string appId) => _apps.GetValueOrDefault(appId);

    public IEnumerable<SidecarContext> All => _apps.Values;
}
