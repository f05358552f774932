using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.Compliance.Merkle;

namespace GoLive.Compliance.Evidence;

/// <summary>The outcome of checking a pack: OK when <see cref="Problems"/> is empty; otherwise each says what failed.</summary>
internal sealed record EvidencePackReport(long Entries, long TreeSize, string? RootHash, IReadOnlyList<string> Problems)
{
    public bool Valid => Problems.Count == 0;
}

/// <summary>
/// Checks an evidence pack offline, as the README in it describes: manifest hashes, tree-head signature (against a
/// pinned key when given), each entry's personal-field commitment, each inclusion proof, and the batch proof.
/// </summary>
internal static class EvidencePackVerifier
{
    public static EvidencePackReport Verify(Stream archive, string? pinnedPublicKeyPem = null)
    {
        Dictionary<string, byte[]> files;
        try
        {
            using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            files = zip.Entries.Where(e => e.Length > 0 || e.Name.Length > 0).ToDictionary(e => e.FullName, Read);
        }
        catch (InvalidDataException e)
        {
            return Fail($"malformed archive: not a readable zip ({e.Message})");
        }
        var missing = EvidencePackFormat.Required.Append(EvidencePackFormat.Manifest).Where(f => !files.ContainsKey(f)).ToList();
        if (missing.Count > 0) return Fail($"malformed archive: missing {string.Join(", ", missing)}");

        var problems = new List<string>();
        try
        {
            return Check(files, pinnedPublicKeyPem, problems);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or CryptographicException or InvalidDataException)
        {
            problems.Add($"malformed archive: {e.Message}");
            return new EvidencePackReport(0, 0, null, problems);
        }
    }

    private static EvidencePackReport Check(Dictionary<string, byte[]> files, string? pinnedPublicKeyPem, List<string> problems)
    {
        var manifest = Parse<EvidenceManifest>(files, EvidencePackFormat.Manifest);
        if (manifest.Format != EvidencePackFormat.Version) problems.Add($"manifest.json: unknown format '{manifest.Format}'");
        foreach (var (name, expected) in manifest.Files)
        {
            if (!files.TryGetValue(name, out var bytes)) problems.Add($"manifest mismatch: {name} is listed but missing");
            else if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != expected) problems.Add($"manifest mismatch: {name} does not have the SHA-256 listed");
        }
        foreach (var name in EvidencePackFormat.Required.Where(n => !manifest.Files.ContainsKey(n)))
        {
            problems.Add($"manifest mismatch: {name} is not listed");
        }

        var head = Parse<SignedTreeHead>(files, EvidencePackFormat.TreeHead);
        CheckHead(head, manifest, Encoding.UTF8.GetString(files[EvidencePackFormat.PublicKey]), pinnedPublicKeyPem, problems);
        var root = Convert.FromHexString(head.RootHash);

        var entries = Lines<AuditEntry>(files[EvidencePackFormat.Entries]);
        var leaves = new List<(long, byte[])>(entries.Count);
        foreach (var entry in entries)
        {
            if (leaves.Count > 0 && entry.Sequence <= leaves[^1].Item1) problems.Add($"entry {entry.Sequence}: out of order or repeated");
            if (entry.Sequence < 0 || entry.Sequence >= head.TreeSize) problems.Add($"entry {entry.Sequence}: outside the tree of size {head.TreeSize}");
            if (!PersonalFieldsMatch(entry)) problems.Add($"entry {entry.Sequence}: personal fields do not match the personalHash in its leaf");
            leaves.Add((entry.Sequence, entry.LeafHash()));
        }
        if (entries.Count != manifest.EntryCount) problems.Add($"manifest.json: says {manifest.EntryCount} entries, entries.jsonl has {entries.Count}");

        if (files.TryGetValue(EvidencePackFormat.InclusionProofs, out var inclusionFile))
        {
            CheckInclusionProofs(Lines<InclusionProofLine>(inclusionFile), leaves, head, root, problems);
        }
        var batch = Parse<BatchProofFile>(files, EvidencePackFormat.BatchProof);
        var badPositions = problems.Any(p => p.EndsWith("out of order or repeated", StringComparison.Ordinal) || p.Contains("outside the tree", StringComparison.Ordinal));
        if (leaves.Count > 0 && !badPositions)
        {
            var computed = BatchProof.Root(head.TreeSize, leaves, batch.Hashes.Select(Convert.FromHexString).ToList());
            if (batch.TreeSize != head.TreeSize || computed is null || !computed.AsSpan().SequenceEqual(root))
            {
                problems.Add("proof.json: the entries and proof hashes do not reproduce the signed root (an entry or the proof was altered)");
            }
        }
        return new EvidencePackReport(entries.Count, head.TreeSize, head.RootHash, problems);
    }

    private static void CheckHead(SignedTreeHead head, EvidenceManifest manifest, string packKeyPem, string? pinnedPem, List<string> problems)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(pinnedPem ?? packKeyPem);
        if (pinnedPem is not null && SignedTreeHead.KeyIdOf(key) != KeyId(packKeyPem)) problems.Add("public-key.pem: not the pinned key");
        if (head.KeyId != SignedTreeHead.KeyIdOf(key)) problems.Add("tree-head.json: signed by another key (keyId differs)");
        if (!head.Verify(key)) problems.Add("tree-head.json: the signature does not verify (wrong signature or altered head)");
        if (head.TreeSize != manifest.TreeSize || head.RootHash != manifest.RootHash) problems.Add("manifest.json: tree size or root differs from tree-head.json");
    }

    private static void CheckInclusionProofs(List<InclusionProofLine> proofs, List<(long Sequence, byte[] Leaf)> leaves, SignedTreeHead head, byte[] root,
        List<string> problems)
    {
        var bySequence = proofs.GroupBy(p => p.Sequence).ToDictionary(g => g.Key, g => g.First());
        foreach (var (sequence, leaf) in leaves)
        {
            if (!bySequence.TryGetValue(sequence, out var proof)) { problems.Add($"entry {sequence}: no inclusion proof"); continue; }
            if (!MerkleProofs.VerifyInclusion(sequence, head.TreeSize, leaf, proof.Path.Select(Convert.FromHexString).ToList(), root))
            {
                problems.Add($"entry {sequence}: inclusion proof does not lead to the signed root (entry or proof altered)");
            }
        }
    }

    private static bool PersonalFieldsMatch(AuditEntry entry)
    {
        try { return entry.PersonalFieldsMatch(); }
        catch (Exception e) when (e is FormatException or JsonException) { return false; }
    }

    private static string KeyId(string pem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return SignedTreeHead.KeyIdOf(key);
    }

    private static T Parse<T>(Dictionary<string, byte[]> files, string name) =>
        JsonSerializer.Deserialize<T>(files[name], ComplianceJson.Options) ?? throw new InvalidDataException($"{name} is empty");

    private static List<T> Lines<T>(byte[] file)
    {
        var values = new List<T>();
        var rest = file.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.IsEmpty) continue;
            values.Add(JsonSerializer.Deserialize<T>(line, ComplianceJson.Options) ?? throw new InvalidDataException("empty line"));
        }
        return values;
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static EvidencePackReport Fail(string problem) => new(0, 0, null, [problem]);
}
