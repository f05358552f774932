using System.Globalization;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.State;

/// <summary>A stored value with its ETag and, when it has a TTL, when it expires.</summary>
public sealed record StateEntry(byte[] Value, string ETag, DateTimeOffset? ExpiresAt);

/// <summary>One change inside a save, delete or transaction. Keys are final (already prefixed).</summary>
public abstract record StateOperation(string Key, string? ETag, bool FirstWrite);

public sealed record StateUpsert(string Key, byte[] Value, string? ETag, bool FirstWrite, TimeSpan? Ttl)
    : StateOperation(Key, ETag, FirstWrite);

public sealed record StateDelete(string Key, string? ETag, bool FirstWrite)
    : StateOperation(Key, ETag, FirstWrite);

/// <summary>
/// A state store component. <see cref="ApplyAsync"/> applies operations all-or-nothing: a single save is a
/// one-operation batch. ETag and first-write rules are the same for every store (<see cref="ETagRules"/>).
/// </summary>
public interface IStateStore
{
    Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken);

    Task ApplyAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> live keys starting with <paramref name="prefix"/> (the outbox relay's scan).</summary>
    Task<IReadOnlyList<KeyValuePair<string, StateEntry>>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken);
}

/// <summary>Dapr's optimistic-concurrency rules, shared by every store. ETags here are decimal version numbers.</summary>
public static class ETagRules
{
    /// <summary>Throws daprd's error when <paramref name="operation"/> may not change <paramref name="current"/>.</summary>
    public static void Check(StateOperation operation, StateEntry? current)
    {
        if (operation.ETag is { Length: > 0 } etag)
        {
            if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw Invalid(operation, etag);
            if (current is null || current.ETag != etag)
                throw Mismatch(operation, $"possible etag mismatch. error from state store: etag {etag} does not match the stored one for key {operation.Key}");
        }
        else if (operation.FirstWrite && current is not null)
        {
            throw Mismatch(operation, $"possible etag mismatch. error from state store: first-write: key {operation.Key} already exists");
        }
    }

    internal static DaprApiException Mismatch(StateOperation operation, string message) =>
        new(new(operation is StateDelete ? "ERR_STATE_DELETE" : "ERR_STATE_SAVE", message, 409, global::Grpc.Core.StatusCode.Aborted));

    internal static DaprApiException Invalid(StateOperation operation, string etag) =>
        new(new(operation is StateDelete ? "ERR_STATE_DELETE" : "ERR_STATE_SAVE",
            $"invalid etag value: {etag} is not an etag of this store", 400, global::Grpc.Core.StatusCode.InvalidArgument));

    /// <summary>Throws for an ETag that cannot be one of this runtime's versions, before any store work.</summary>
    public static void ValidateFormat(StateOperation operation)
    {
        if (operation.ETag is { Length: > 0 } etag && !long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw Invalid(operation, etag);
    }

    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
