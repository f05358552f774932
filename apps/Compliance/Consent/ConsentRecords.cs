using GoLive.Compliance.Log;
using GoLive.DaprAccess.State;
using GoLive.ServiceDefaults.Audit;

namespace GoLive.Compliance.Consent;

/// <summary>One consent decision: a subject granted or withdrew consent to a purpose, when, and where it was given.</summary>
internal sealed record ConsentRecord(string Subject, string Purpose, bool Granted, DateTimeOffset At, string Source);

/// <summary>What a client sends; <c>at</c> defaults to now.</summary>
internal sealed record ConsentChange(string? Subject, string? Purpose, bool? Granted, string? Source, DateTimeOffset? At = null);

/// <summary>A subject's consent: the current decision per purpose and every decision in order.</summary>
internal sealed record ConsentHistory(string Subject, IReadOnlyDictionary<string, ConsentRecord> Current, IReadOnlyList<ConsentRecord> History);

/// <summary>
/// Consent per subject in <c>consent:{subject}</c> (history appended, never rewritten). Each change publishes
/// <c>golive.compliance.consent.changed</c> through the outbox and is recorded in the audit log.
/// </summary>
internal sealed class ConsentRecords(IStateStore store, AuditLog log, TimeProvider time)
{
    public const string ChangedType = "golive.compliance.consent.changed";
    private readonly SemaphoreSlim _writer = new(1, 1);

    public static string Key(string subject) => $"consent:{subject}";

    public static Dictionary<string, string[]> Errors(ConsentChange change)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(change.Subject) || change.Subject.Length > 200) errors["subject"] = ["Required, at most 200 characters."];
        if (string.IsNullOrWhiteSpace(change.Purpose) || change.Purpose.Length > 100) errors["purpose"] = ["Required, at most 100 characters."];
        if (change.Granted is null) errors["granted"] = ["Required: true (granted) or false (withdrawn)."];
        if (string.IsNullOrWhiteSpace(change.Source) || change.Source.Length > 200) errors["source"] = ["Required (where consent was given), at most 200 characters."];
        return errors;
    }

    public async Task<ConsentRecord> RecordAsync(ConsentChange change, CancellationToken cancellationToken = default)
    {
        if (Errors(change).Count > 0) throw new ArgumentException("Invalid consent change.", nameof(change));
        var record = new ConsentRecord(change.Subject!, change.Purpose!, change.Granted!.Value, change.At ?? time.GetUtcNow(), change.Source!);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var history = await HistoryAsync(record.Subject, cancellationToken);
            var records = (history?.History ?? []).Append(record).ToList();
            // Subscribers get the decision, not the subject's whole history.
            var changed = new OutboxEvent(ChangedType) { Payload = record };
            await store.TransactAsync([StateOperation.Upsert(Key(record.Subject), records, changed)], cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
        await log.AppendAsync(new AuditEvent(Guid.CreateVersion7().ToString("N"), "compliance", $"source:{record.Source}",
            record.Granted ? "consent.granted" : "consent.withdrawn", $"consents/{record.Purpose}", record.Subject, record.Purpose,
            AuditOutcomes.Success, null, record.At), cancellationToken);
        return record;
    }

    /// <summary>
    /// Erasure: the subject's decisions move to <c>consent:{pseudonym}</c> with the subject replaced by the pseudonym (and a
    /// source naming the subject dropped), and <c>consent:{subject}</c> is deleted. Proof that consent was given stays
    /// (GDPR Art. 7(1), 17(3)(e)); who gave it can only be shown by someone who knows the subject and the pseudonym key.
    /// </summary>
    public async Task<int> PseudonymiseAsync(string subject, string pseudonym, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            if (await HistoryAsync(subject, cancellationToken) is not { } history) return 0;
            var kept = (await HistoryAsync(pseudonym, cancellationToken))?.History ?? [];
            var moved = history.History.Select(r => r with
            {
                Subject = pseudonym,
                Source = r.Source.Contains(subject, StringComparison.OrdinalIgnoreCase) ? "redacted" : r.Source,
            });
            await store.TransactAsync(
            [
                StateOperation.Upsert(Key(pseudonym), kept.Concat(moved).OrderBy(r => r.At).ToList()),
                StateOperation.Delete(Key(subject)),
            ], cancellationToken);
            return history.History.Count;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<ConsentHistory?> HistoryAsync(string subject, CancellationToken cancellationToken = default)
    {
        if ((await store.GetAsync<List<ConsentRecord>>(Key(subject), cancellationToken)).Value is not { } records) return null;
        var current = records.GroupBy(r => r.Purpose).ToDictionary(g => g.Key, g => g.OrderBy(r => r.At).Last());
        return new ConsentHistory(subject, current, records);
    }
}
