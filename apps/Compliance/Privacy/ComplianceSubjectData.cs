using GoLive.Compliance.Consent;
using GoLive.Compliance.Log;
using GoLive.ServiceDefaults.Privacy;

namespace GoLive.Compliance.Privacy;

/// <summary>
/// Compliance's part of the privacy contract. Export: the audit entries naming the subject (by id or email, as subject
/// or actor, or mentioned in details) and their consent decisions. Erasure: those entries are pseudonymised (proofs intact) and the consent
/// history is kept only under the pseudonym (see <see cref="ConsentRecords.PseudonymiseAsync"/>).
/// </summary>
internal sealed class ComplianceSubjectData(SubjectPseudonyms pseudonyms, ConsentRecords consents) : IPersonalDataHolder
{
    public sealed record AuditRecord(long Sequence, DateTimeOffset Time, string Source, string Action, string Resource, string? Purpose,
        string Outcome, string Role, string? Details);

    public sealed record ConsentRow(string Purpose, bool Granted, DateTimeOffset At, string Source);

    public async Task<IReadOnlyList<PersonalDataSet>> ExportAsync(DataSubject subject, CancellationToken cancellationToken)
    {
        var entries = (await pseudonyms.MentioningAsync(subject, cancellationToken))
            .Select(e => (e.Sequence, Leaf: e.Fields(), Personal: e.PersonalFields()!))
            .Select(e => new AuditRecord(e.Sequence, e.Leaf.Time, e.Leaf.Source, e.Leaf.Action, e.Leaf.Resource, e.Leaf.Purpose, e.Leaf.Outcome,
                subject.Names(e.Personal.Subject) ? "subject" : subject.Names(e.Personal.Actor) ? "actor" : "mentioned",
                e.Personal.Details is { Count: > 0 } d ? string.Join("; ", d.Select(kv => $"{kv.Key}={kv.Value}")) : null));
        var audit = entries.ToList();
        var consent = new List<ConsentRow>();
        foreach (var identifier in Identifiers(subject))
        {
            if (await consents.HistoryAsync(identifier, cancellationToken) is { } history)
                consent.AddRange(history.History.Select(r => new ConsentRow(r.Purpose, r.Granted, r.At, r.Source)));
        }
        return
        [
            PersonalDataSet.Of("audit-entries", "Audit log entries naming the subject (as subject, actor, or mentioned in details).", audit),
            PersonalDataSet.Of("consents", "Every consent decision of the subject, in order.", consent.OrderBy(c => c.At)),
        ];
    }

    public async Task<(int Erased, IReadOnlyList<string> Actions)> EraseAsync(DataSubject subject, CancellationToken cancellationToken)
    {
        var entries = 0;
        var decisions = 0;
        foreach (var identifier in Identifiers(subject))
        {
            entries += (await pseudonyms.PseudonymiseAsync(identifier, cancellationToken))?.Entries ?? 0;
            decisions += await consents.PseudonymiseAsync(identifier, await pseudonyms.PseudonymOfAsync(identifier, cancellationToken), cancellationToken);
        }
        // Mentions in entries about other people (e.g. the subject's email in another subject's details).
        entries += await pseudonyms.RedactMentionsAsync(subject, cancellationToken);
        var actions = new List<string>();
        if (entries > 0) actions.Add($"pseudonymised {entries} audit entries (leaves and proofs unchanged)");
        if (decisions > 0) actions.Add($"kept {decisions} consent decisions under the pseudonym only");
        return (entries + decisions, actions);
    }

    private static IEnumerable<string> Identifiers(DataSubject subject) =>
        new[] { subject.SubjectId!, subject.Email!, subject.Email!.ToLowerInvariant() }.Distinct(StringComparer.Ordinal);
}
