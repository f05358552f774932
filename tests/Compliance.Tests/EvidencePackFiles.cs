using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoLive.Compliance.Evidence;

namespace GoLive.Compliance.Tests;

/// <summary>Opens a pack as a set of files, changes them as a forger would, and zips them again.</summary>
internal sealed class EvidencePackFiles
{
    private readonly Dictionary<string, byte[]> _files;

    public EvidencePackFiles(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        _files = archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        });
    }

    public string Text(string name) => Encoding.UTF8.GetString(_files[name]);

    public EvidencePackFiles Set(string name, string text)
    {
        _files[name] = Encoding.UTF8.GetBytes(text);
        return this;
    }

    public EvidencePackFiles Remove(string name)
    {
        _files.Remove(name);
        return this;
    }

    /// <summary>Changes line <paramref name="index"/> of a JSON-lines file.</summary>
    public EvidencePackFiles EditLine(string name, int index, Func<JsonObject, JsonObject> change)
    {
        var lines = Text(name).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[index] = change(JsonNode.Parse(lines[index])!.AsObject()).ToJsonString();
        return Set(name, string.Join('\n', lines) + "\n");
    }

    public EvidencePackFiles EditJson(string name, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Text(name))!.AsObject();
        change(node);
        return Set(name, node.ToJsonString());
    }

    /// <summary>Rewrites the manifest's hashes to match the files, as a forger covering their tracks would.</summary>
    public EvidencePackFiles Rehash()
    {
        return EditJson(EvidencePackFormat.Manifest, manifest =>
        {
            var hashes = manifest["files"]!.AsObject();
            foreach (var name in hashes.Select(p => p.Key).ToList())
            {
                hashes[name] = _files.TryGetValue(name, out var bytes) ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : "";
            }
        });
    }

    public byte[] Zip()
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in _files)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }
        return memory.ToArray();
    }

    public static JsonObject ReplaceLeafText(JsonObject entry, string from, string to)
    {
        entry["leaf"] = entry["leaf"]!.GetValue<string>().Replace(from, to, StringComparison.Ordinal);
        return entry;
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
