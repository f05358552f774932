using GoLive.Flags.Client;

namespace GoLive.Flags.Catalog;

/// <summary>Who makes a change and why; recorded in the change event (the audit record).</summary>
internal sealed record ChangeAuthor(string Actor, string? Reason);

/// <summary>A failed edit, answered as a problem.</summary>
internal sealed record EditError(int Status, string Code, string Detail);

/// <summary>What an edit function decided: the next catalog and what changed, or an error.</summary>
internal sealed record Edit(
    FlagCatalog? Catalog,
    string Type,
    string Key,
    FlagDefinition? Before = null,
    FlagDefinition? After = null,
    Segment? SegmentBefore = null,
    Segment? SegmentAfter = null,
    EditError? Error = null)
{
    /// <summary>A flag change; the flag's own version is bumped.</summary>
    public static Edit OfFlag(FlagCatalog catalog, string type, FlagDefinition? before, FlagDefinition? after)
    {
        var versioned = after is null ? null : after with { Version = (before?.Version ?? 0) + 1 };
        var next = versioned is null ? catalog.WithoutFlag(before!.Key) : catalog.WithFlag(versioned);
        return new(next, type, (after ?? before)!.Key, before, versioned);
    }

    public static Edit OfSegment(FlagCatalog catalog, string type, Segment? before, Segment? after)
    {
        var versioned = after is null ? null : after with { Version = (before?.Version ?? 0) + 1 };
        var next = versioned is null
            ? catalog with { Segments = [.. catalog.Segments.Where(s => s.Key != before!.Key)] }
            : catalog.WithSegment(versioned);
        return new(next, type, (after ?? before)!.Key, SegmentBefore: before, SegmentAfter: versioned);
    }

    public static Edit Fail(int status, string code, string detail) => new(null, "", "", Error: new(status, code, detail));

    /// <summary>Nothing to change (e.g. killing a flag that is already off): no write, no event.</summary>
    public static readonly Edit Unchanged = new(null, "", "");

    public static Edit FlagNotFound(string key) =>
        Fail(StatusCodes.Status404NotFound, FlagsProblemCodes.FlagNotFound, $"No flag '{key}'.");
}

/// <summary>
/// Applies edits to the catalog with optimistic concurrency: load, edit, save if unchanged (else retry), so
/// concurrent admins and the scheduler never lose each other's changes. Each saved edit publishes one
/// <see cref="FlagsChange"/> and is applied at once to this instance's own evaluator.
/// </summary>
internal sealed class CatalogEditor(CatalogStore store, FlagsClient local, TimeProvider time)
{
    private const int MaxAttempts = 10;

    public async Task<(FlagsChange? Change, EditError? Error)> EditAsync(
        Func<FlagCatalog, Edit> edit, ChangeAuthor author, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (catalog, etag) = await store.LoadAsync(cancellationToken);
            var decided = edit(catalog);
            if (decided.Error is { } error)
            {
                return (null, error);
            }

            if (decided.Catalog is null)
            {
                return (null, null);
            }

            var next = decided.Catalog! with { Version = catalog.Version + 1 };
            var change = new FlagsChange(decided.Type, next.Version, decided.Key, author.Actor, time.GetUtcNow(), author.Reason,
                decided.Before, decided.After, decided.SegmentBefore, decided.SegmentAfter);
            if (await store.TrySaveAsync(next, etag, change, cancellationToken))
            {
                local.Apply(change);
                return (change, null);
            }
        }

        return (null, new EditError(StatusCodes.Status409Conflict, FlagsProblemCodes.ConcurrentChange,
            "The catalog kept changing underneath this edit; try again."));
    }

    /// <summary>The current catalog (for reads).</summary>
    public async Task<FlagCatalog> ReadAsync(CancellationToken cancellationToken) =>
        (await store.LoadAsync(cancellationToken)).Catalog;
}
