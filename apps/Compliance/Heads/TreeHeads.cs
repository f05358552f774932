using System.Security.Cryptography;
using GoLive.Compliance.Log;
using GoLive.DaprAccess.State;

namespace GoLive.Compliance.Heads;

/// <summary>
/// Signs the log's current root, anchors it, and stores it as <c>head:{size}</c> (published as
/// <c>golive.compliance.tree-head.signed</c> through the outbox) and <c>head:latest</c>.
/// </summary>
internal sealed partial class TreeHeads(AuditLog log, IStateStore store, ISigningKey signingKey, IAnchor anchor, TimeProvider time,
    ILogger<TreeHeads> logger)
{
    public const string LatestKey = "head:latest";
    public const string SizesKey = "head:sizes";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static string HeadKey(long size) => $"head:{size}";

    /// <summary>Signs a head for the current size, unless the latest head already has it (and <paramref name="force"/> is off).</summary>
    public async Task<SignedTreeHead> SignAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        await log.EnsureLoadedAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var latest = await LatestAsync(cancellationToken);
            var size = log.Size;
            if (!force && latest is not null && latest.TreeSize == size) return latest;

            var root = log.WithTree(tree => tree.RootHash(size));
            var head = SignedTreeHead.Sign(await signingKey.GetAsync(cancellationToken), size, root, time.GetUtcNow());
            head = head with { Anchor = await TryAnchorAsync(head, cancellationToken) };

            await store.TransactAsync([StateOperation.Upsert(HeadKey(size), head, new OutboxEvent(SignedTreeHead.SignedType))], cancellationToken);
            await store.SaveAsync(LatestKey, head, cancellationToken: cancellationToken);
            var sizes = await SizesAsync(cancellationToken);
            if (!sizes.Contains(size)) await store.SaveAsync(SizesKey, sizes.Append(size).ToList(), cancellationToken: cancellationToken);
            LogSigned(size, head.RootHash);
            return head;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<SignedTreeHead?> LatestAsync(CancellationToken cancellationToken = default) =>
        (await store.GetAsync<SignedTreeHead>(LatestKey, cancellationToken)).Value;

    public async Task<SignedTreeHead?> AtSizeAsync(long size, CancellationToken cancellationToken = default) =>
        (await store.GetAsync<SignedTreeHead>(HeadKey(size), cancellationToken)).Value;

    /// <summary>The sizes of every head ever signed.</summary>
    public async Task<IReadOnlyList<long>> SizesAsync(CancellationToken cancellationToken = default) =>
        (await store.GetAsync<List<long>>(SizesKey, cancellationToken)).Value ?? [];

    /// <summary>The public key as SPKI PEM, and its id.</summary>
    public async Task<(string KeyId, string PublicKeyPem)> PublicKeyAsync(CancellationToken cancellationToken = default)
    {
        var key = await signingKey.GetAsync(cancellationToken);
        return (SignedTreeHead.KeyIdOf(key), key.ExportSubjectPublicKeyInfoPem());
    }

    public async Task<ECDsa> PublicKeyOnlyAsync(CancellationToken cancellationToken = default)
    {
        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo((await signingKey.GetAsync(cancellationToken)).ExportSubjectPublicKeyInfo(), out _);
        return publicKey;
    }

    private async Task<AnchorReceipt?> TryAnchorAsync(SignedTreeHead head, CancellationToken cancellationToken)
    {
        try
        {
            return await anchor.SendAsync(head, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A witness being down must not stop the log from signing; the next head is anchored again.
            LogAnchorFailed(e, head.TreeSize);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed tree head of size {TreeSize} with root {RootHash}")]
    private partial void LogSigned(long treeSize, string rootHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring the tree head of size {TreeSize} failed")]
    private partial void LogAnchorFailed(Exception exception, long treeSize);
}
