using System.Security.Cryptography;
using System.Text;

namespace GoLive.Compliance.Heads;

/// <summary>
/// A signed statement "the log had <see cref="TreeSize"/> entries with this root at this time". The signature is
/// ECDSA P-256 / SHA-256 in IEEE P1363 form (r ‖ s, base64) over <see cref="SignedText"/>, so any language can check it.
/// </summary>
internal sealed record SignedTreeHead(long TreeSize, string RootHash, long TimestampMs, string KeyId, string Signature,
    AnchorReceipt? Anchor = null)
{
    public const string SignedType = "golive.compliance.tree-head.signed";

    /// <summary>The exact text signed: a version line, then size, Unix milliseconds and hex root, each on its own line.</summary>
    public static string SignedText(long treeSize, long timestampMs, string rootHash) =>
        $"golive-compliance-tree-head/v1\n{treeSize}\n{timestampMs}\n{rootHash}\n";

    public static SignedTreeHead Sign(ECDsa key, long treeSize, byte[] root, DateTimeOffset time)
    {
        var rootHex = Convert.ToHexStringLower(root);
        var timestampMs = time.ToUnixTimeMilliseconds();
        var signature = key.SignData(Encoding.UTF8.GetBytes(SignedText(treeSize, timestampMs, rootHex)), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new SignedTreeHead(treeSize, rootHex, timestampMs, KeyIdOf(key), Convert.ToBase64String(signature));
    }

    /// <summary>True when the signature is valid for this head under <paramref name="publicKey"/>.</summary>
    public bool Verify(ECDsa publicKey)
    {
        try
        {
            return publicKey.VerifyData(Encoding.UTF8.GetBytes(SignedText(TreeSize, TimestampMs, RootHash)), Convert.FromBase64String(Signature),
                HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The key id: hex SHA-256 of the DER SubjectPublicKeyInfo.</summary>
    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
}

/// <summary>What the <c>anchor</c> binding answered when the head was sent to it.</summary>
internal sealed record AnchorReceipt(string Binding, DateTimeOffset At, string? Data, IReadOnlyDictionary<string, string>? Metadata);
