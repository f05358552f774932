using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.Compliance.Merkle;

namespace GoLive.Compliance.Evidence;

/// <summary>Everything that goes into one pack. <see cref="Entries"/> are sorted by sequence and all below the head's size.</summary>
internal sealed record EvidencePackContent(EvidenceSelection Selection, DateTimeOffset CreatedAt, SignedTreeHead Head, string PublicKeyPem,
    IReadOnlyList<AuditEntry> Entries, bool PerEntryProofs);

/// <summary>Writes an evidence pack (zip) in one pass, hashing each file as it is written for the manifest.</summary>
internal static class EvidencePackWriter
{
    public static void Write(Stream output, EvidencePackContent content, MerkleTree tree)
    {
        var size = content.Head.TreeSize;
        var files = new Dictionary<string, string>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

        files[EvidencePackFormat.Entries] = WriteFile(zip, EvidencePackFormat.Entries, stream => WriteLines(stream, content.Entries));
        var indices = content.Entries.Select(e => e.Sequence).ToList();
        var batch = new BatchProofFile(size, BatchProof.Create(tree, size, indices).Select(Convert.ToHexStringLower).ToList());
        files[EvidencePackFormat.BatchProof] = WriteJson(zip, EvidencePackFormat.BatchProof, batch);
        if (content.PerEntryProofs)
        {
            var lines = content.Entries.Select(e => new InclusionProofLine(e.Sequence, tree.InclusionProof(e.Sequence, size)
                .Select(Convert.ToHexStringLower).ToList()));
            files[EvidencePackFormat.InclusionProofs] = WriteFile(zip, EvidencePackFormat.InclusionProofs, stream => WriteLines(stream, lines));
        }
        files[EvidencePackFormat.TreeHead] = WriteJson(zip, EvidencePackFormat.TreeHead, content.Head);
        files[EvidencePackFormat.PublicKey] = WriteFile(zip, EvidencePackFormat.PublicKey, s => s.Write(Encoding.UTF8.GetBytes(content.PublicKeyPem)));
        files[EvidencePackFormat.Readme] = WriteFile(zip, EvidencePackFormat.Readme, s => s.Write(Encoding.UTF8.GetBytes(EvidencePackReadme.Text)));

        var manifest = new EvidenceManifest(EvidencePackFormat.Version, content.CreatedAt, content.Selection, size, content.Head.RootHash,
            content.Entries.Count, files);
        WriteJson(zip, EvidencePackFormat.Manifest, manifest);
    }

    private static string WriteJson<T>(ZipArchive zip, string name, T value) =>
        WriteFile(zip, name, stream => JsonSerializer.Serialize(stream, value, WriteIndented));

    private static string WriteFile(ZipArchive zip, string name, Action<Stream> write)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        using var hashing = new HashingStream(stream);
        write(hashing);
        return hashing.HashHex();
    }

    /// <summary>One compact JSON value per line.</summary>
    private static void WriteLines<T>(Stream stream, IEnumerable<T> values)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 17);
        using var json = new Utf8JsonWriter(buffer);
        foreach (var value in values)
        {
            JsonSerializer.Serialize(json, value, ComplianceJson.Options);
            json.Flush();
            buffer.Write("\n"u8);
            json.Reset(buffer);
            if (buffer.WrittenCount < 1 << 16) continue;
            stream.Write(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
        }
        stream.Write(buffer.WrittenSpan);
    }

    private static readonly JsonSerializerOptions WriteIndented = new(ComplianceJson.Options) { WriteIndented = true };

    /// <summary>Passes writes through while computing their SHA-256.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string HashHex() => Convert.ToHexStringLower(_sha.GetHashAndReset());

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _sha.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _sha.Dispose();
            base.Dispose(disposing);
        }
    }
}
