using GoLive.DaprAccess;
using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Audit;
using GoLive.ServiceDefaults.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GoLive.Compliance.Log;

/// <summary>Ingesting audit events (topic <c>audit</c> and HTTP), querying entries, inclusion and consistency proofs.</summary>
internal static class AuditLogApi
{
    public static IEndpointRouteBuilder MapAuditLog(this IEndpointRouteBuilder routes)
    {
        // Every service publishes here (AuditClient); invalid events go to the dead-letter topic for a human to look at.
        routes.MapPost("/subscriptions/audit", async (AuditEvent auditEvent, AuditLog log, CancellationToken ct) =>
        {
            if (AuditEventValidation.Errors(auditEvent).Count > 0) return Results.Ok(new { status = "DROP" });
            await log.AppendAsync(auditEvent, ct);
            return Results.Ok(new { status = "SUCCESS" });
        }).WithTopic(new Dapr.TopicOptions { PubsubName = Components.PubSub, Name = Topics.Audit, DeadLetterTopic = Topics.DeadLetter(Topics.Audit) })
          .ExcludeFromDescription();

        var group = routes.MapGroup("/v1").WithTags("Audit log");
        // Apps append over HTTP through their sidecar, officers by hand (itself an audited action); the log is read by
        // officers, auditors and partners (through the gateway). Entries carry personal fields, so operators' reads are audited.
        group.MapPost("/audit-events", Append).RequireOperator(OperatorRoles.ComplianceOfficer).AllowAnyApp();
        var reads = group.MapGroup("").RequireOperator(OperatorRoles.ComplianceOfficer, OperatorRoles.ComplianceAuditor).AllowApps("gateway");
        reads.MapGet("/entries", Query).AuditReads();
        reads.MapGet("/entries/{sequence:long}", Get).AuditReads();
        reads.MapGet("/entries/{sequence:long}/proof", InclusionProof);
        reads.MapGet("/proofs/consistency", ConsistencyProof);
        return routes;
    }

    private static async Task<Results<Ok<AppendResult>, ValidationProblem>> Append(AuditEvent auditEvent, AuditLog log, CancellationToken ct)
    {
        var errors = AuditEventValidation.Errors(auditEvent);
        if (errors.Count > 0) return Problems.Validation(errors);
        return TypedResults.Ok(await log.AppendAsync(auditEvent, ct));
    }

    private static async Task<Results<Ok<EntryPage>, ProblemHttpResult>> Query(AuditLog log, string? subject, string? actor, string? resource,
        string? correlationId, DateTimeOffset? from, DateTimeOffset? to, long? after, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > AuditQuery.MaxLimit) return Problems.BadRequest(ComplianceProblems.InvalidQuery, $"limit must be 1..{AuditQuery.MaxLimit}.");
        if (from > to) return Problems.BadRequest(ComplianceProblems.InvalidQuery, "from must not be after to.");
        await log.EnsureLoadedAsync(ct);
        var query = new AuditQuery(subject, actor, resource, correlationId, from, to, after, limit ?? 100);
        var sequences = log.Find(query);
        var entries = (await log.ReadAsync(sequences, ct)).Select(EntryView.Of).ToList();
        var next = sequences.Count == query.Limit ? sequences[^1] : (long?)null;
        return TypedResults.Ok(new EntryPage(entries, next));
    }

    private static async Task<Results<Ok<EntryView>, ProblemHttpResult>> Get(long sequence, AuditLog log, CancellationToken ct)
    {
        await log.EnsureLoadedAsync(ct);
        var entries = await log.ReadAsync([sequence], ct);
        return entries.Count == 1 ? TypedResults.Ok(EntryView.Of(entries[0])) : EntryNotFound(sequence);
    }

    private static async Task<Results<Ok<InclusionProofView>, ProblemHttpResult>> InclusionProof(long sequence, long? treeSize, AuditLog log,
        CancellationToken ct)
    {
        await log.EnsureLoadedAsync(ct);
        var size = treeSize ?? log.Size;
        if (size < 1 || size > log.Size) return Problems.BadRequest(ComplianceProblems.InvalidTreeSize, $"treeSize must be 1..{log.Size}.");
        if (sequence < 0 || sequence >= size) return EntryNotFound(sequence, size);
        return TypedResults.Ok(log.WithTree(tree => new InclusionProofView(sequence, size, Hex(tree.LeafHash(sequence)),
            tree.InclusionProof(sequence, size).Select(Hex).ToList(), Hex(tree.RootHash(size)))));
    }

    private static async Task<Results<Ok<ConsistencyProofView>, ProblemHttpResult>> ConsistencyProof(long first, long second, AuditLog log,
        CancellationToken ct)
    {
        await log.EnsureLoadedAsync(ct);
        if (first < 0 || first > second || second > log.Size)
        {
            return Problems.BadRequest(ComplianceProblems.InvalidTreeSize, $"Need 0 <= first <= second <= {log.Size}.");
        }
        return TypedResults.Ok(log.WithTree(tree => new ConsistencyProofView(first, second, Hex(tree.RootHash(first)),
            Hex(tree.RootHash(second)), tree.ConsistencyProof(first, second).Select(Hex).ToList())));
    }

    private static ProblemHttpResult EntryNotFound(long sequence, long? size = null) =>
        Problems.NotFound(ComplianceProblems.EntryNotFound, size is null ? $"No entry {sequence}." : $"No entry {sequence} in a tree of {size}.");

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}

internal sealed record EntryPage(IReadOnlyList<EntryView> Entries, long? Next);

/// <summary>An entry as the API shows it: the committed leaf text, its hash, its fields, and the personal fields if any.</summary>
internal sealed record EntryView(long Sequence, string Leaf, string LeafHash, LeafFields Fields, PersonalFields? Personal, bool Pseudonymised)
{
    public static EntryView Of(AuditEntry e) =>
        new(e.Sequence, e.Leaf, Convert.ToHexStringLower(e.LeafHash()), e.Fields(), e.PersonalFields(), e.Personal is null);
}

internal sealed record InclusionProofView(long Sequence, long TreeSize, string LeafHash, IReadOnlyList<string> Path, string RootHash);

internal sealed record ConsistencyProofView(long First, long Second, string FirstRoot, string SecondRoot, IReadOnlyList<string> Path);

internal static class AuditEventValidation
{
    public static Dictionary<string, string[]> Errors(AuditEvent? e)
    {
        var errors = new Dictionary<string, string[]>();
        if (e is null) { errors["body"] = ["An audit event is required."]; return errors; }
        Require(errors, "id", e.Id, 200);
        Require(errors, "source", e.Source, 100);
        Require(errors, "actor", e.Actor, 200);
        Require(errors, "action", e.Action, 100);
        Require(errors, "resource", e.Resource, 500);
        if (!AuditOutcomes.IsKnown(e.Outcome)) errors["outcome"] = ["Must be success, failure or denied."];
        if (e.Time == default) errors["time"] = ["Required."];
        return errors;
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = ["Required."];
        else if (value.Length > max) errors[field] = [$"At most {max} characters."];
    }
}
