namespace GoLive.Runtime.Components;

/// <summary>Implemented by components that advertise capabilities in the metadata API (e.g. ETAG, TRANSACTIONAL, TTL).</summary>
public interface IComponentCapabilities
{
    IReadOnlyList<string> Capabilities { get; }
}
