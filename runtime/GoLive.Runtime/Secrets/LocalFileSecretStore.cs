using System.Text.Json;
using GoLive.Runtime.Components;

namespace GoLive.Runtime.Secrets;

/// <summary>
/// <c>secretstores.local.file</c>: secrets read once from a JSON file. Nested objects and arrays are flattened into keys
/// joined by <c>nestedSeparator</c> (default <c>:</c>); with <c>multiValued</c> each top-level key is one secret whose
/// values are its flattened children.
/// </summary>
internal sealed class LocalFileSecretStore(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> secrets) : ISecretStore
{
    public static async ValueTask<object> LoadAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        // Relative paths resolve against the current directory, as daprd resolves them against its working directory.
        var file = Path.GetFullPath(context.Require("secretsFile"));
        var separator = context.Get("nestedSeparator") ?? ":";
        var multiValued = context.GetBool("multiValued", false);
        JsonDocument document;
        try
        {
            await using var stream = File.OpenRead(file);
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw context.Invalid($"cannot read secrets file '{file}': {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw context.Invalid($"secrets file '{file}' must hold a JSON object");
            return new LocalFileSecretStore(multiValued
                ? ReadMultiValued(document.RootElement, separator)
                : Flatten(document.RootElement, separator).ToDictionary(s => s.Key, s => Single(s.Key, s.Value), StringComparer.Ordinal));
        }
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ReadMultiValued(JsonElement root, string separator) =>
        root.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                ? (IReadOnlyDictionary<string, string>)Flatten(p.Value, separator)
                : Single(p.Name, Text(p.Value)),
            StringComparer.Ordinal);

    private static Dictionary<string, string> Flatten(JsonElement element, string separator)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Visit(element, null);
        return values;

        void Visit(JsonElement node, string? path)
        {
            switch (node.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in node.EnumerateObject()) Visit(property.Value, Join(path, property.Name));
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in node.EnumerateArray()) Visit(item, Join(path, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    break;
                default:
                    values[path ?? ""] = Text(node);
                    break;
            }
        }

        string Join(string? path, string name) => path is null ? name : path + separator + name;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static IReadOnlyDictionary<string, string> Single(string name, string value) =>
        new Dictionary<string, string>(1, StringComparer.Ordinal) { [name] = value };

    public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string name, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(secrets.GetValueOrDefault(name));

    public ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetBulkAsync(IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(secrets);
}
