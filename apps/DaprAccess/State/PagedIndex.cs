namespace GoLive.DaprAccess.State;

/// <summary>
/// An append-only list of ids (requests, keys, instances) kept in pages of at most <see cref="PageSize"/> ids under
/// <c>{name}|page|{n}</c>, with a head <c>{name}|head</c> holding the count. No document grows with the list (one
/// page does, up to its bound), an append writes two documents, and reads take pages in bounded batches, so a list of
/// millions stays under daprd's message limits. Appends are serialised by the head's ETag: two writers never lose an id.
/// Removal is the owner's business (mark the record, skip it when listing): the index only ever grows.
/// </summary>
public sealed class PagedIndex
{
    private const int PagesPerRead = 20;
    private const int MaxAppendAttempts = 64;
    private readonly IStateStore _store;

    public PagedIndex(IStateStore store, string name, int pageSize = 500)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _store = store;
        Name = name;
        PageSize = pageSize;
    }

    public string Name { get; }

    public int PageSize { get; }

    public string HeadKey => $"{Name}|head";

    public string PageKey(long page) => $"{Name}|page|{page:D10}";

    public async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        (await _store.GetAsync<IndexHead>(HeadKey, cancellationToken).ConfigureAwait(false)).Value?.Count ?? 0;

    /// <summary>
    /// The operations that append <paramref name="ids"/>, to run in the caller's own transaction (with the records they
    /// index). The head is written only at the ETag read here, so the transaction fails when another append won
    /// meanwhile: prepare again and retry.
    /// </summary>
    public async Task<IReadOnlyList<StateOperation>> PrepareAppendAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var head = await _store.GetAsync<IndexHead>(HeadKey, cancellationToken).ConfigureAwait(false);
        var count = head.Value?.Count ?? 0;
        var operations = new List<StateOperation>();
        if (ids.Count == 0)
        {
            return operations;
        }

        var firstPage = count / PageSize;
        var lastPage = (count + ids.Count - 1) / PageSize;
        var current = count % PageSize == 0
            ? []
            : (await _store.GetAsync<IndexPage>(PageKey(firstPage), cancellationToken).ConfigureAwait(false)).Value?.Ids ?? [];
        var offset = 0;
        for (var page = firstPage; page <= lastPage; page++)
        {
            var room = PageSize - current.Count;
            var taken = ids.Skip(offset).Take(room).ToList();
            offset += taken.Count;
            operations.Add(StateOperation.Upsert(PageKey(page), new IndexPage([.. current, .. taken])));
            current = [];
        }

        operations.Add(StateOperation.UpsertIfMatch(HeadKey, new IndexHead(count + ids.Count), head.ETag));
        return operations;
    }

    /// <summary>Appends <paramref name="ids"/> on their own, retrying while other appenders win the head.</summary>
    public async Task AppendAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var operations = await PrepareAppendAsync(ids, cancellationToken).ConfigureAwait(false);
            if (operations.Count == 0 || await _store.TryTransactAsync(operations, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (attempt == MaxAppendAttempts)
            {
                throw new StateConflictException(_store.Name);
            }

            // Contended head: back off a little, with jitter, so writers stop colliding in lockstep.
            await Task.Delay(Random.Shared.Next(1, 2 + Math.Min(attempt, 10) * 5), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ids in append order from position <paramref name="offset"/> (zero-based), at most <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(long offset, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var total = await CountAsync(cancellationToken).ConfigureAwait(false);
        var end = Math.Min(total, offset + Math.Max(count, 0));
        return end <= offset ? [] : await RangeAsync(offset, end, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest ids first, skipping the <paramref name="skip"/> newest: a listing page.</summary>
    public async Task<IReadOnlyList<string>> ReadNewestAsync(long skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        var total = await CountAsync(cancellationToken).ConfigureAwait(false);
        var end = total - skip;
        var start = Math.Max(0, end - Math.Max(take, 0));
        if (end <= start)
        {
            return [];
        }

        var ids = await RangeAsync(start, end, cancellationToken).ConfigureAwait(false);
        return [.. ids.Reverse()];
    }

    /// <summary>Every id in append order, read <see cref="PagesPerRead"/> pages at a time (a start-up rebuild).</summary>
    public async IAsyncEnumerable<string> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var total = await CountAsync(cancellationToken).ConfigureAwait(false);
        var step = (long)PageSize * PagesPerRead;
        for (var start = 0L; start < total; start += step)
        {
            foreach (var id in await RangeAsync(start, Math.Min(total, start + step), cancellationToken).ConfigureAwait(false))
            {
                yield return id;
            }
        }
    }

    private async Task<IReadOnlyList<string>> RangeAsync(long start, long end, CancellationToken cancellationToken)
    {
        var first = start / PageSize;
        var last = (end - 1) / PageSize;
        var keys = new List<string>();
        for (var page = first; page <= last; page++)
        {
            keys.Add(PageKey(page));
        }

        var pages = await _store.GetValuesAsync<IndexPage>(keys, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>((int)(end - start));
        for (var page = first; page <= last; page++)
        {
            var pageIds = pages.TryGetValue(PageKey(page), out var found) ? found.Ids : [];
            var from = (int)Math.Max(0, start - page * PageSize);
            var to = (int)Math.Min(pageIds.Count, end - page * PageSize);
            for (var i = from; i < to; i++)
            {
                ids.Add(pageIds[i]);
            }
        }

        return ids;
    }

    private sealed record IndexHead(long Count);

    private sealed record IndexPage(List<string> Ids);
}
