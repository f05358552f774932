using System.Globalization;
using System.Text.RegularExpressions;
using GoLive.ServiceDefaults.Operators;

namespace GoLive.Operators;

/// <summary>The <c>issue</c>, <c>revoke</c> and <c>list</c> commands; exit code 0 on success, 1 on a failure, 2 on bad usage.</summary>
public sealed partial class OperatorsCommand(TextWriter output, TextWriter error, TimeProvider time)
{
    private const string Usage = """
        Operators: operator keys for GoLive's admin and operator routes (only their hashes are stored).
          issue  --name NAME --roles ROLE[,ROLE] [--expires 90d|2027-01-31|never] [--secrets FILE]
                 prints the key once; with --secrets adds its record to the file's operator-keys secret,
                 without it prints the record for a production secret (a data entry of the operator-keys secret)
          revoke (--id ID | --name NAME) --secrets FILE    marks the key(s) revoked from now on
          list   --secrets FILE                            id, name, roles, expiry and revocation of every key
        Roles:
        """;

    public int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            output.WriteLine(Usage + "  " + string.Join(", ", OperatorRoles.All));
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var options = Options(args[1..]);
            return args[0] switch
            {
                "issue" => Issue(options),
                "revoke" => Revoke(options),
                "list" => List(options),
                _ => Fail($"Unknown command '{args[0]}'; try 'help'.", 2),
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return Fail(e.Message, e is ArgumentException ? 2 : 1);
        }
    }

    private int Issue(Dictionary<string, string> options)
    {
        var name = Required(options, "name");
        if (name.Length > 100 || name.Any(char.IsControl)) throw new ArgumentException("--name: at most 100 characters, no control characters.");
        var roles = Required(options, "roles").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        if (roles.Length == 0 || roles.Any(r => !OperatorRoles.IsKnown(r)))
            throw new ArgumentException($"--roles: one or more of {string.Join(", ", OperatorRoles.All)}.");
        var now = time.GetUtcNow();
        var expiresAt = Expiry(options.GetValueOrDefault("expires", "90d"), now);
        var (key, _) = OperatorKey.Generate();
        var record = OperatorKeyRecord.Issue(key, name, roles, now, expiresAt);

        output.WriteLine($"Issued operator key {record.Id} for {name}: roles {string.Join(",", roles)}, {(expiresAt is { } e ? $"expires {e:O}" : "never expires")}.");
        output.WriteLine("The key, shown this once (only its hash is stored):");
        output.WriteLine(key);
        if (options.TryGetValue("secrets", out var path))
        {
            var file = SecretsFile.Open(path);
            file.Save([.. file.Records(), record]);
            output.WriteLine($"Added to {path} (secret {OperatorKeySecret.DefaultName}). {RestartNote}");
        }
        else
        {
            output.WriteLine($"Its record, for the {OperatorKeySecret.DefaultName} secret (one more data entry, or one more element of its JSON array):");
            output.WriteLine(OperatorKeySecret.Serialize(record));
        }
        return 0;
    }

    private int Revoke(Dictionary<string, string> options)
    {
        var path = Required(options, "secrets");
        var id = options.GetValueOrDefault("id");
        var name = options.GetValueOrDefault("name");
        if (id is null == name is null) throw new ArgumentException("revoke: give --id or --name.");
        var file = SecretsFile.Open(path);
        var now = time.GetUtcNow();
        var revoked = new List<string>();
        var records = file.Records().Select(r =>
        {
            if ((r.Id != id && r.Name != name) || r.RevokedAt is not null) return r;
            revoked.Add(r.Id);
            return r with { RevokedAt = now };
        }).ToList();
        if (revoked.Count == 0) return Fail($"No active key {(id is not null ? $"with id {id}" : $"named {name}")} in {path}.", 1);
        file.Save(records);
        output.WriteLine($"Revoked {string.Join(", ", revoked)} at {now:O}. {RestartNote}");
        return 0;
    }

    private int List(Dictionary<string, string> options)
    {
        var records = SecretsFile.Open(Required(options, "secrets")).Records();
        var now = time.GetUtcNow();
        output.WriteLine($"{"id",-16} {"name",-24} {"state",-8} {"expires",-21} roles");
        foreach (var r in records)
        {
            var state = r.RevokedAt is { } at && at <= now ? "revoked" : r.IsActiveAt(now) ? "active" : "expired";
            var expires = r.ExpiresAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + (r.ExpiresAt is null ? "never" : " UTC");
            output.WriteLine($"{r.Id,-16} {r.Name,-24} {state,-8} {expires,-21} {string.Join(",", r.Roles)}");
        }
        return 0;
    }

    private const string RestartNote = "The local file secret store reads its file when the sidecar starts: restart the platform (or the app's sidecar) to apply it.";

    private static DateTimeOffset? Expiry(string value, DateTimeOffset now)
    {
        if (value == "never") return null;
        var span = SpanShape().Match(value);
        if (span.Success)
        {
            var n = int.Parse(span.Groups[1].Value, CultureInfo.InvariantCulture);
            return span.Groups[2].Value switch { "h" => now.AddHours(n), "d" => now.AddDays(n), _ => now.AddDays(7 * n) };
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > now) return at;
        throw new ArgumentException("--expires: a span (12h, 90d, 4w), a future date (2027-01-31) or never.");
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException($"Expected --option value at '{args[i]}'.");
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required.");

    private int Fail(string message, int code)
    {
        error.WriteLine(message);
        return code;
    }

    [GeneratedRegex("^([1-9][0-9]{0,4})([hdw])$", RegexOptions.CultureInvariant)]
    private static partial Regex SpanShape();
}
