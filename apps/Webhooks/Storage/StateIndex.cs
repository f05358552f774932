using GoLive.DaprAccess.State;

namespace GoLive.Webhooks.Storage;

/// <summary>A set of ids kept in one state document, changed with an ETag loop so concurrent writers never lose ids.</summary>
internal sealed class StateIndex(IStateStore state, string key)
{
    private readonly SemaphoreSlim _local = new(1, 1); // fewer ETag conflicts between this process's own writers

    public async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken) =>
        (await state.GetAsync<List<string>>(key, cancellationToken)).Value ?? [];

    public Task AddAsync(IEnumerable<string> ids, CancellationToken cancellationToken) =>
        ChangeAsync(set => set.UnionWith(ids), cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(set => set.Remove(id), cancellationToken);

    private async Task ChangeAsync(Action<HashSet<string>> change, CancellationToken cancellationToken)
    {
        await _local.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var (ids, etag) = await state.GetAsync<List<string>>(key, cancellationToken);
                var set = new HashSet<string>(ids ?? [], StringComparer.Ordinal);
                var before = set.Count;
                change(set);
                if (ids is not null && set.Count == before && set.SetEquals(ids))
                {
                    return;
                }

                if (await state.TrySaveAsync(key, set.ToList(), etag, cancellationToken: cancellationToken))
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
