namespace GoLive.Compliance.Evidence;

/// <summary>The files of an evidence pack (a zip) and their shapes; the README inside explains them in plain words.</summary>
internal static class EvidencePackFormat
{
    public const string Version = "golive-evidence-pack/v1";
    public const string Manifest = "manifest.json";
    public const string Entries = "entries.jsonl";
    public const string BatchProof = "proof.json";
    public const string InclusionProofs = "inclusion-proofs.jsonl";
    public const string TreeHead = "tree-head.json";
    public const string PublicKey = "public-key.pem";
    public const string Readme = "README.md";

    /// <summary>Files every pack must have (besides the manifest).</summary>
    public static readonly string[] Required = [Entries, BatchProof, TreeHead, PublicKey];
}

/// <summary>What a pack covers: exactly one of a subject, a case (correlation id), or a time range.</summary>
internal sealed record EvidenceSelection(string? Subject = null, string? CorrelationId = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>Why the selection is unusable, or null.</summary>
    public string? Error() =>
        (Subject is not null ? 1 : 0) + (CorrelationId is not null ? 1 : 0) + (From is not null || To is not null ? 1 : 0) != 1
            ? "Give exactly one of subject, correlationId, or a time range (from and to)."
            : (From is null) != (To is null) ? "A time range needs both from and to."
            : From > To ? "from must not be after to."
            : null;
}

/// <summary>manifest.json: what the pack is and the SHA-256 of every other file in it.</summary>
internal sealed record EvidenceManifest(string Format, DateTimeOffset CreatedAt, EvidenceSelection Selection, long TreeSize, string RootHash,
    long EntryCount, IReadOnlyDictionary<string, string> Files);

/// <summary>proof.json: the batch proof of all entries of the pack in the tree of <see cref="TreeSize"/>.</summary>
internal sealed record BatchProofFile(long TreeSize, IReadOnlyList<string> Hashes);

/// <summary>One line of inclusion-proofs.jsonl: the RFC 9162 audit path of one entry.</summary>
internal sealed record InclusionProofLine(long Sequence, IReadOnlyList<string> Path);
