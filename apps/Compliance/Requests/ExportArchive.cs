using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace GoLive.Compliance.Requests;

/// <summary>
/// The export archive: one zip with <c>README.md</c>, <c>request.json</c>, <c>{service}.json</c> (the service's whole
/// answer to the privacy contract) and <c>{service}/{dataset}.csv</c> for every dataset whose records are flat.
/// </summary>
internal static class ExportArchive
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="answers">Each participant's export answer (JSON text), by service.</param>
    public static byte[] Build(DataSubjectRequest request, IReadOnlyDictionary<string, string> answers, DateTimeOffset createdAt)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "README.md", Readme(request, answers.Keys, createdAt), createdAt);
            Write(zip, "request.json", JsonSerializer.Serialize(new
            {
                request.Id, request.Type, request.Regulation, request.SubjectId, request.Email, request.ReceivedAt, generatedAt = createdAt,
                services = answers.Keys.Order(StringComparer.Ordinal),
            }, Indented), createdAt);
            foreach (var (service, answer) in answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                using var document = JsonDocument.Parse(answer);
                Write(zip, $"{service}.json", JsonSerializer.Serialize(document.RootElement, Indented), createdAt);
                if (!document.RootElement.TryGetProperty("datasets", out var datasets) || datasets.ValueKind != JsonValueKind.Array) continue;
                foreach (var dataset in datasets.EnumerateArray())
                {
                    if (Csv(dataset) is { } csv) Write(zip, $"{service}/{dataset.GetProperty("name").GetString()}.csv", csv, createdAt);
                }
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The dataset as CSV (RFC 4180), or null when it is empty or a record holds a nested object or array.</summary>
    public static string? Csv(JsonElement dataset)
    {
        if (!dataset.TryGetProperty("records", out var records) || records.GetArrayLength() == 0) return null;
        var rows = records.EnumerateArray().ToList();
        if (rows.Any(r => r.ValueKind != JsonValueKind.Object || r.EnumerateObject().Any(p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)))
            return null;
        var columns = rows.SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Distinct().ToList();
        var csv = new StringBuilder().AppendJoin(',', columns.Select(Quote)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', columns.Select(c => Quote(row.TryGetProperty(c, out var v) ? Text(v) : ""))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static string Readme(DataSubjectRequest request, IEnumerable<string> services, DateTimeOffset createdAt) => $"""
        # Your data

        This archive answers data-subject request `{request.Id}` ({request.Regulation.ToString().ToUpperInvariant()} access request),
        generated {createdAt.ToString("u", CultureInfo.InvariantCulture)}.

        Every service of the platform that may hold personal data was asked: {string.Join(", ", services.Order(StringComparer.Ordinal))}.
        - `<service>.json`: everything that service holds about you, as it answered (`holdsPersonalData` false means it keeps none by design).
        - `<service>/<dataset>.csv`: the same records as a table, where they are tabular.
        - `request.json`: the request this archive answers.

        """;

    private static void Write(ZipArchive zip, string name, string text, DateTimeOffset at)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = at;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
