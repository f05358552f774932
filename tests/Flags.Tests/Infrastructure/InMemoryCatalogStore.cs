extern alias flagsapp;

using System.Text.Json;
using flagsapp::GoLive.Flags.Catalog;
using GoLive.Flags.Client;

namespace GoLive.Flags.Tests.Infrastructure;

/// <summary>
/// The catalog store with outbox semantics in memory: a save with a stale ETag fails, a successful save records its
/// event and hands it to every subscriber (a stand-in pub/sub topic). <see cref="Down"/> makes every call fail.
/// </summary>
internal sealed class InMemoryCatalogStore : ICatalogStore
{
    private readonly Lock _gate = new();
    private byte[]? _stored;
    private int _etag;

    public List<FlagsChange> Published { get; } = [];
    /// <summary>The topic's subscribers: called with each committed change, in commit order.</summary>
    public Func<FlagsChange, Task>? Deliver { get; set; }
    public bool Down { get; set; }

    public Task<(FlagCatalog Catalog, string? ETag)> LoadAsync(CancellationToken cancellationToken)
    {
        ThrowIfDown();
        lock (_gate)
        {
            return Task.FromResult(_stored is null
                ? (FlagCatalog.Empty, (string?)null)
                : (JsonSerializer.Deserialize<FlagCatalog>(_stored, JsonSerializerOptions.Web)!, (string?)_etag.ToString()));
        }
    }

    public async Task<bool> TrySaveAsync(FlagCatalog catalog, string? etag, FlagsChange change, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        lock (_gate)
        {
            var current = _stored is null ? null : _etag.ToString();
            if (etag != current)
            {
                return false;
            }

            _stored = JsonSerializer.SerializeToUtf8Bytes(catalog, JsonSerializerOptions.Web);
            _etag++;
            Published.Add(change);
        }

        // Delivered as pub/sub would: a serialised copy, after the commit.
        var delivered = JsonSerializer.Deserialize<FlagsChange>(JsonSerializer.SerializeToUtf8Bytes(change, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;
        if (Deliver is { } deliver)
        {
            await deliver(delivered);
        }

        return true;
    }

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new HttpRequestException("The store is down.");
        }
    }
}
