using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// What is stored about one operator key: never the key, only its hash. Records live in the secret <c>operator-keys</c>
/// (see <see cref="OperatorKeySecret"/>); <c>tools/Operators</c> issues, lists and revokes them.
/// </summary>
/// <param name="Id">The id inside the key (<c>glo_&lt;id&gt;_…</c>).</param>
/// <param name="Name">Who holds it (a person or a team); audit events name it.</param>
/// <param name="Roles">What it may do, from <see cref="OperatorRoles"/>.</param>
/// <param name="ExpiresAt">Refused from this instant on; null never expires (development keys only).</param>
/// <param name="RevokedAt">Refused from this instant on; null while the key is in use.</param>
/// <param name="Hash"><see cref="OperatorKey.Hash"/> of the key.</param>
public sealed record OperatorKeyRecord(
    string Id,
    string Name,
    IReadOnlyList<string> Roles,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string Hash)
{
    /// <summary>Neither expired nor revoked at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => (ExpiresAt is null || now < ExpiresAt) && (RevokedAt is null || now < RevokedAt);

    /// <summary>A record for a key just issued.</summary>
    public static OperatorKeyRecord Issue(string key, string name, IEnumerable<string> roles, DateTimeOffset now, DateTimeOffset? expiresAt) =>
        OperatorKey.TryParse(key, out var id)
            ? new OperatorKeyRecord(id, name, roles.ToArray(), now, expiresAt, null, OperatorKey.Hash(key))
            : throw new ArgumentException("Not an operator key.", nameof(key));
}

/// <summary>
/// The secret <c>operator-keys</c>: each of its values holds one record or a JSON array of records. A local file store
/// keeps them all in one value (a JSON string, since the file store flattens nested objects); a Kubernetes secret may give
/// each key its own data entry.
/// </summary>
public static class OperatorKeySecret
{
    /// <summary>The secret's default name in the <c>secretstore</c> component.</summary>
    public const string DefaultName = "operator-keys";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The records of every value; a value that is not a record or an array of them is reported, never guessed at.</summary>
    public static IReadOnlyList<OperatorKeyRecord> Parse(IEnumerable<string> values, ICollection<string>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var records = new List<OperatorKeyRecord>();
        foreach (var value in values)
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                var elements = document.RootElement.ValueKind == JsonValueKind.Array
                    ? document.RootElement.EnumerateArray().ToArray()
                    : [document.RootElement];
                foreach (var element in elements)
                {
                    if (Valid(element.Deserialize<OperatorKeyRecord>(Json)) is { } record) records.Add(record);
                    else errors?.Add("a record needs a valid id, a name, roles and a sha256 hash");
                }
            }
            catch (JsonException e)
            {
                errors?.Add($"not JSON: {e.Message}");
            }
        }
        return records;
    }

    /// <summary>The records as one value (a JSON array), as <c>tools/Operators</c> writes it.</summary>
    public static string Serialize(IEnumerable<OperatorKeyRecord> records) => JsonSerializer.Serialize(records.ToArray(), Json);

    /// <summary>One record as JSON, e.g. to paste into a production secret.</summary>
    public static string Serialize(OperatorKeyRecord record) => JsonSerializer.Serialize(record, Json);

    private static OperatorKeyRecord? Valid(OperatorKeyRecord? record) =>
        record is { Name.Length: > 0, Roles: not null, Hash.Length: > 0 } && OperatorKey.IsValidId(record.Id) ? record : null;
}
