using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapr.Client;
using GoLive.Compliance.Log;
using GoLive.ServiceDefaults.Audit;
using GoLive.ServiceDefaults.Privacy;

namespace GoLive.Compliance.Privacy;

/// <summary>The HMAC key behind pseudonyms: the secret <c>compliance-pseudonym-key</c> (base64) in the secret store.</summary>
internal interface IPseudonymKey
{
    Task<byte[]> GetAsync(CancellationToken cancellationToken = default);
}

internal sealed class SecretStorePseudonymKey(DaprClient dapr) : SecretStoreKey(dapr, SecretName), IPseudonymKey
{
    public const string SecretName = "compliance-pseudonym-key";
}

/// <summary>What pseudonymising a subject did.</summary>
internal sealed record PseudonymisationResult(string Pseudonym, int Entries);

/// <summary>
/// The audit log's side of erasure: every entry naming the subject (as subject or actor) loses its personal fields
/// and salt; a copy with the subject replaced by a keyed pseudonym (HMAC-SHA-256) and without details is kept as
/// <c>redacted</c>. Leaves are untouched, so every inclusion and consistency proof and every signed head still verify.
/// </summary>
internal sealed class SubjectPseudonyms(AuditLog log, IPseudonymKey key, TimeProvider time)
{
    public async Task<string> PseudonymOfAsync(string subject, CancellationToken cancellationToken = default)
    {
        using var hmac = new HMACSHA256(await key.GetAsync(cancellationToken));
        return "pseud_" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(subject)))[..32];
    }

    /// <summary>Null when no entry names the subject.</summary>
    public async Task<PseudonymisationResult?> PseudonymiseAsync(string subject, CancellationToken cancellationToken = default)
    {
        await log.EnsureLoadedAsync(cancellationToken);
        var sequences = log.Naming(subject);
        if (sequences.Count == 0) return null;

        var pseudonym = await PseudonymOfAsync(subject, cancellationToken);
        await RedactAsync(await log.ReadAsync(sequences, cancellationToken), (fields, hadPersonal) => new PersonalFields(
            fields.Actor == subject ? pseudonym : fields.Actor, fields.Subject == subject ? pseudonym : fields.Subject,
            hadPersonal ? null : fields.Details), cancellationToken);

        // The erasure itself is on the record, naming only the pseudonym.
        await log.AppendAsync(new AuditEvent(Guid.CreateVersion7().ToString("N"), "compliance", "service:compliance", "subject.pseudonymised",
            $"subjects/{pseudonym}", pseudonym, "erasure", AuditOutcomes.Success, null, time.GetUtcNow(),
            new Dictionary<string, string> { ["entries"] = sequences.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            cancellationToken);
        return new PseudonymisationResult(pseudonym, sequences.Count);
    }

    /// <summary>
    /// Every entry whose personal fields mention the subject: as actor or subject, or in a details value (equal to the id
    /// or email, or containing the email). A full pass over the log, so it also finds mentions in entries about others.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> MentioningAsync(DataSubject subject, CancellationToken cancellationToken = default)
    {
        await log.EnsureLoadedAsync(cancellationToken);
        var found = new List<AuditEntry>();
        const int batch = 500;
        for (long from = 0, size = log.Size; from < size; from += batch)
        {
            var sequences = Enumerable.Range(0, (int)Math.Min(batch, size - from)).Select(i => from + i).ToList();
            found.AddRange((await log.ReadAsync(sequences, cancellationToken)).Where(e => e.Personal is not null && Mentions(e.PersonalFields()!, subject)));
        }
        return found;
    }

    /// <summary>Replaces every mention of the subject (see <see cref="MentioningAsync"/>) by its pseudonym; other people's fields stay.</summary>
    public async Task<int> RedactMentionsAsync(DataSubject subject, CancellationToken cancellationToken = default)
    {
        var entries = await MentioningAsync(subject, cancellationToken);
        if (entries.Count == 0) return 0;
        var pseudonym = await PseudonymOfAsync(subject.SubjectId!, cancellationToken);
        await RedactAsync(entries, (fields, _) => new PersonalFields(Replace(fields.Actor), fields.Subject is null ? null : Replace(fields.Subject),
            fields.Details?.ToDictionary(d => d.Key, d => Replace(d.Value))), cancellationToken);
        return entries.Count;

        string Replace(string value) => Mentioned(value, subject) ? pseudonym : value;
    }

    private static bool Mentions(PersonalFields fields, DataSubject subject) =>
        Mentioned(fields.Actor, subject) || Mentioned(fields.Subject, subject) || fields.Details?.Values.Any(v => Mentioned(v, subject)) == true;

    private static bool Mentioned(string? value, DataSubject subject) =>
        subject.Names(value) || (value is not null && subject.Email is { Length: > 0 } email && value.Contains(email, StringComparison.OrdinalIgnoreCase));

    /// <summary>Pseudonymises actor and subject of every entry older than <paramref name="cutoff"/> that still has personal fields.</summary>
    public async Task<int> RedactOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await log.EnsureLoadedAsync(cancellationToken);
        var entries = (await log.ReadAsync(log.FindAll(new AuditQuery(To: cutoff)), cancellationToken)).Where(e => e.Personal is not null).ToList();
        var cache = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in entries.Select(e => e.PersonalFields()!))
        {
            foreach (var person in new[] { fields.Actor, fields.Subject }.OfType<string>().Where(p => !cache.ContainsKey(p)))
            {
                cache[person] = await PseudonymOfAsync(person, cancellationToken);
            }
        }
        await RedactAsync(entries, (fields, _) => new PersonalFields(cache[fields.Actor], fields.Subject is null ? null : cache[fields.Subject], null),
            cancellationToken);
        return entries.Count;
    }

    private async Task RedactAsync(IEnumerable<AuditEntry> entries, Func<PersonalFields, bool, PersonalFields> redact, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var redacted = redact(entry.PersonalFields()!, entry.Personal is not null);
            var replacement = entry with { Personal = null, Salt = null, Redacted = JsonSerializer.Serialize(redacted, ComplianceJson.Options) };
            await log.ReplacePersonalFieldsAsync(replacement, cancellationToken);
        }
    }
}
