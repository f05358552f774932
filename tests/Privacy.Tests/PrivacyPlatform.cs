extern alias status;
extern alias webhooks;
extern alias workflows;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GoLive.Privacy.Tests;

/// <summary>
/// Compliance, workflows, webhooks and status behind local sidecars, each with its own SQLite state store in a temp
/// folder (so a test can read every stored key and value), an in-memory pub/sub and test secrets.
/// </summary>
internal sealed class PrivacyPlatform : IAsyncDisposable
{
    public static readonly Dictionary<string, string?> WorkflowSettings = new()
    {
        ["Workflows:ResumeInterval"] = "00:00:01",
        ["DataSubjectRequests:AttemptsPerRound"] = "2",
        ["DataSubjectRequests:FirstRetryDelay"] = "00:00:00.200",
        ["DataSubjectRequests:RoundDelay"] = "00:00:01",
        ["DataSubjectRequests:MaxRoundDelay"] = "00:00:02",
        ["DataSubjectRequests:CallTimeout"] = "00:00:10",
    };

    private static readonly Dictionary<string, string?> ComplianceSettings = new() { ["Compliance:Requests:SweepInterval"] = "00:00:00.500" };

    private PrivacyPlatform(string temp, TestPlatform platform)
    {
        Temp = temp;
        Platform = platform;
    }

    public string Temp { get; }
    public TestPlatform Platform { get; }
    public DaprTestApp Compliance { get; private set; } = null!;
    public DaprTestApp Workflows { get; private set; } = null!;
    public DaprTestApp Status { get; private set; } = null!;
    public DaprTestApp? Webhooks { get; private set; }

    public static async Task<PrivacyPlatform> StartAsync(bool withWebhooks = true)
    {
        var temp = Directory.CreateTempSubdirectory("golive-privacy-").FullName;
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(Path.Combine(temp, "secrets.json"), JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["compliance-signing-key"] = key.ExportPkcs8PrivateKeyPem(),
                ["compliance-pseudonym-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["compliance-request-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                [GoLive.ServiceDefaults.Operators.OperatorKeySecret.DefaultName] = TestOperators.SecretValue(),
            }));
        }
        var components = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "components"), temp);
        var platform = new PrivacyPlatform(temp, new TestPlatform(componentsDirectory: components, secured: true));
        platform.Compliance = await platform.Platform.StartAsync<GoLive.Compliance.Program>("compliance", ComplianceSettings);
        platform.Workflows = await platform.Platform.StartAsync<workflows::Program>("workflows", WorkflowSettings);
        platform.Status = await platform.Platform.StartAsync<status::Program>("status");
        if (withWebhooks) await platform.StartWebhooksAsync();
        return platform;
    }

    public async Task StartWebhooksAsync() => Webhooks = await Platform.StartAsync<webhooks::Program>("webhooks");

    /// <summary>Webhooks goes away, app and sidecar (as when its pod is down); its SQLite data stays.</summary>
    public async Task StopWebhooksAsync()
    {
        if (Webhooks is not null) await Webhooks.DisposeAsync();
        Webhooks = null;
    }

    /// <summary>Every stored key and value of every SQLite store of the platform that contains one of <paramref name="needles"/>.</summary>
    public IReadOnlyList<string> Find(params string[] needles)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Temp, "*.db"))
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var tables = connection.CreateCommand();
            tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            var names = new List<string>();
            using (var reader = tables.ExecuteReader()) while (reader.Read()) names.Add(reader.GetString(0));
            foreach (var table in names)
            {
                using var rows = connection.CreateCommand();
                rows.CommandText = $"SELECT * FROM \"{table}\"";
                using var reader = rows.ExecuteReader();
                while (reader.Read())
                {
                    var row = string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.GetValue(i))));
                    if (needles.Any(n => row.Contains(n, StringComparison.OrdinalIgnoreCase)))
                        found.Add($"{Path.GetFileName(file)}/{table}: {(row.Length > 300 ? row[..300] : row)}");
                }
            }
        }
        return found;
    }

    // Every column as text: values are the UTF-8 JSON the apps and actors stored.
    private static string Text(object value) => value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        DBNull => "",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        await Platform.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Temp, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
