using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.ServiceDefaults.Audit;
using Microsoft.Extensions.Options;

namespace GoLive.Compliance.Evidence;

/// <summary>Builds evidence packs: selects entries, signs a head covering them, and writes the archive.</summary>
internal sealed class EvidencePacks(AuditLog log, TreeHeads heads, IOptions<ComplianceOptions> options, TimeProvider time)
{
    /// <summary>Writes the pack for <paramref name="selection"/> to <paramref name="output"/>; false when nothing matches.</summary>
    public async Task<bool> WriteAsync(EvidenceSelection selection, Stream output, CancellationToken cancellationToken = default)
    {
        await log.EnsureLoadedAsync(cancellationToken);
        var head = await heads.SignAsync(cancellationToken: cancellationToken);
        var query = new AuditQuery(selection.Subject, CorrelationId: selection.CorrelationId, From: selection.From, To: selection.To);
        var sequences = log.FindAll(query).Where(s => s < head.TreeSize).ToList();
        if (sequences.Count == 0) return false;

        var entries = await log.ReadAsync(sequences, cancellationToken);
        var (_, publicKeyPem) = await heads.PublicKeyAsync(cancellationToken);
        var content = new EvidencePackContent(selection, time.GetUtcNow(), head, publicKeyPem, entries,
            entries.Count <= options.Value.PerEntryProofLimit);
        log.WithTree(tree =>
        {
            EvidencePackWriter.Write(output, content, tree);
            return true;
        });

        // Handing evidence out is itself on the record.
        await log.AppendAsync(new AuditEvent(Guid.CreateVersion7().ToString("N"), "compliance", "service:compliance", "evidence-pack.created",
            $"evidence-packs/tree-{head.TreeSize}", selection.Subject, "evidence", AuditOutcomes.Success, selection.CorrelationId, content.CreatedAt,
            new Dictionary<string, string> { ["entries"] = entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            cancellationToken);
        return true;
    }
}
