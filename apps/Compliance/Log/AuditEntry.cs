using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoLive.ServiceDefaults.Audit;

namespace GoLive.Compliance.Log;

/// <summary>
/// One stored log entry. <see cref="Leaf"/> is the exact JSON text the Merkle leaf hashes; it holds the non-personal
/// fields and <c>personalHash</c> = SHA-256(salt ‖ <see cref="Personal"/>). Pseudonymisation deletes
/// <see cref="Personal"/> and <see cref="Salt"/> and fills <see cref="Redacted"/>, leaving the leaf, and so every
/// proof, unchanged; without the salt the hash cannot be tested against guesses.
/// </summary>
internal sealed record AuditEntry(long Sequence, string Leaf, string? Personal, string? Salt, string? Redacted = null)
{
    public byte[] LeafHash() => Merkle.MerkleHash.Leaf(Encoding.UTF8.GetBytes(Leaf));

    public LeafFields Fields() => JsonSerializer.Deserialize<LeafFields>(Leaf, ComplianceJson.Options)
        ?? throw new InvalidDataException($"Entry {Sequence} has an empty leaf.");

    /// <summary>The personal fields, or their pseudonymised replacement once erased.</summary>
    public PersonalFields? PersonalFields() =>
        (Personal ?? Redacted) is { } json ? JsonSerializer.Deserialize<PersonalFields>(json, ComplianceJson.Options) : null;

    /// <summary>True when the personal fields are present and match the hash the leaf commits to (or were pseudonymised).</summary>
    public bool PersonalFieldsMatch() =>
        Personal is null ? Redacted is not null : Salt is not null && PersonalHash(Salt, Personal) == Fields().PersonalHash;

    public static string PersonalHash(string salt, string personal)
    {
        var saltBytes = Convert.FromBase64String(salt);
        var personalBytes = Encoding.UTF8.GetBytes(personal);
        return Convert.ToHexStringLower(SHA256.HashData([.. saltBytes, .. personalBytes]));
    }

    /// <summary>Turns an audit event into the entry at <paramref name="sequence"/>, with a fresh random salt.</summary>
    public static AuditEntry From(AuditEvent e, long sequence)
    {
        var personal = JsonSerializer.Serialize(new PersonalFields(e.Actor, e.Subject, e.Details), ComplianceJson.Options);
        var salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var leaf = new LeafFields(1, e.Id, e.Source, e.Time, e.Action, e.Resource, e.Purpose, e.Outcome, e.CorrelationId,
            PersonalHash(salt, personal));
        return new AuditEntry(sequence, JsonSerializer.Serialize(leaf, ComplianceJson.Options), personal, salt);
    }
}

/// <summary>The committed, non-personal part of an entry (the leaf JSON).</summary>
internal sealed record LeafFields(int V, string Id, string Source, DateTimeOffset Time, string Action, string Resource, string? Purpose,
    string Outcome, string? CorrelationId, string PersonalHash);

/// <summary>The personal part of an entry, committed only through its salted hash.</summary>
internal sealed record PersonalFields(string Actor, string? Subject, IReadOnlyDictionary<string, string>? Details);

internal static class ComplianceJson
{
    // Minimal escaping: the log's JSON is stored and hashed, never embedded in HTML, and a leaf nested in an entry line
    // then costs \" rather than \u0022 per quote (smaller packs, faster hashing).
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
