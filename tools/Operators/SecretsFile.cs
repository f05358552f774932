using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoLive.ServiceDefaults.Operators;

namespace GoLive.Operators;

/// <summary>
/// A <c>secretstores.local.file</c> JSON file: the records are one JSON string under <c>operator-keys</c> (the store
/// flattens nested objects, so an array would not come back as one secret); every other secret is kept as it is.
/// </summary>
internal sealed class SecretsFile(string path, JsonObject root)
{
    private static readonly JsonSerializerOptions Written = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Path { get; } = path;

    public static SecretsFile Open(string path)
    {
        if (!File.Exists(path)) return new SecretsFile(path, []);
        return JsonNode.Parse(File.ReadAllText(path)) is JsonObject root
            ? new SecretsFile(path, root)
            : throw new InvalidDataException($"{path} is not a JSON object of secrets.");
    }

    public List<OperatorKeyRecord> Records()
    {
        if (root[OperatorKeySecret.DefaultName] is not { } node) return [];
        if (node.GetValueKind() != JsonValueKind.String)
            throw new InvalidDataException($"{OperatorKeySecret.DefaultName} in {Path} must be a string holding a JSON array of records.");
        var errors = new List<string>();
        var records = OperatorKeySecret.Parse([node.GetValue<string>()], errors);
        return errors.Count == 0 ? [.. records] : throw new InvalidDataException($"{OperatorKeySecret.DefaultName} in {Path}: {string.Join("; ", errors)}");
    }

    public void Save(IEnumerable<OperatorKeyRecord> records)
    {
        root[OperatorKeySecret.DefaultName] = OperatorKeySecret.Serialize(records);
        File.WriteAllText(Path, root.ToJsonString(Written) + Environment.NewLine);
    }
}
