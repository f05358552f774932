using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GoLive.Compliance.Heads;
using GoLive.Compliance.Log;
using GoLive.Compliance.Merkle;
using GoLive.DaprAccess;
using GoLive.ServiceDefaults.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Compliance.Tests;

public sealed class AuditLogApiTests(ComplianceApp compliance) : IClassFixture<ComplianceApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private HttpClient Http => compliance.App.Operator;

    [Fact]
    public async Task An_event_published_by_another_service_through_the_audit_client_is_appended_and_queryable_by_subject()
    {
        var client = compliance.App.Services.GetRequiredService<AuditClient>();
        var read = await client.RecordPersonalDataReadAsync("agent-7", "subject-api-1", "customers/c_1", "support", ["email", "phone"]);

        var page = await EventuallyFindAsync("subject=subject-api-1", 1);
        var entry = Assert.Single(page.Entries);
        Assert.Equal(read.Id, entry.Fields.Id);
        Assert.Equal((AuditEvent.PiiReadAction, "compliance", "support"), (entry.Fields.Action, entry.Fields.Source, entry.Fields.Purpose));
        Assert.Equal("email,phone", entry.Personal!.Details!["fields"]);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_is_appended_once()
    {
        var e = Event("dup-1", "subject-dup");
        await compliance.App.Dapr.PublishEventAsync(Components.PubSub, Topics.Audit, e);
        await compliance.App.Dapr.PublishEventAsync(Components.PubSub, Topics.Audit, e);
        await EventuallyFindAsync("subject=subject-dup", 1);
        var direct = await (await Http.PostAsJsonAsync("/v1/audit-events", e)).Content.ReadFromJsonAsync<AppendResult>(Json);
        Assert.True(direct!.Duplicate);
        Assert.Single((await FindAsync("subject=subject-dup")).Entries);
    }

    [Fact]
    public async Task The_audit_subscription_sends_undeliverable_events_to_audit_deadletter()
    {
        // Dapr's subscription route is internal: the sidecar reads it with the app token.
        var subscriptions = await compliance.App.App.GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        var audit = Assert.Single(subscriptions.EnumerateArray(), s => s.GetProperty("topic").GetString() == Topics.Audit);
        Assert.Equal(Components.PubSub, audit.GetProperty("pubsubName").GetString());
        Assert.Equal("audit-deadletter", audit.GetProperty("deadLetterTopic").GetString());
    }

    [Fact]
    public async Task A_malformed_event_gets_a_validation_problem_and_appends_nothing()
    {
        var response = await Http.PostAsJsonAsync("/v1/audit-events", Event("bad-1", "subject-bad") with { Outcome = "maybe", Actor = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("outcome", out _));
        Assert.Empty((await FindAsync("subject=subject-bad")).Entries);
    }

    [Fact]
    public async Task Inclusion_and_consistency_proofs_from_the_api_verify_against_a_signed_head_and_the_public_key()
    {
        for (var i = 0; i < 6; i++) await Http.PostAsJsonAsync("/v1/audit-events", Event($"proof-{i}", "subject-proof"));
        var first = (await (await Http.PostAsync("/v1/tree-heads", null)).Content.ReadFromJsonAsync<SignedTreeHead>(Json))!;
        await Http.PostAsJsonAsync("/v1/audit-events", Event("proof-late", "subject-proof"));
        var second = (await (await Http.PostAsync("/v1/tree-heads", null)).Content.ReadFromJsonAsync<SignedTreeHead>(Json))!;

        var keys = (await Http.GetFromJsonAsync<KeySet>("/v1/keys", Json))!;
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(keys.Keys[0].PublicKeyPem);
        Assert.True(first.Verify(publicKey) && second.Verify(publicKey));
        Assert.Equal(second, await Http.GetFromJsonAsync<SignedTreeHead>("/v1/tree-heads/latest", Json));

        var entry = (await FindAsync("subject=subject-proof&limit=1")).Entries[0];
        var inclusion = (await Http.GetFromJsonAsync<InclusionProofView>($"/v1/entries/{entry.Sequence}/proof?treeSize={first.TreeSize}", Json))!;
        Assert.True(MerkleProofs.VerifyInclusion(entry.Sequence, first.TreeSize, Convert.FromHexString(entry.LeafHash),
            inclusion.Path.Select(Convert.FromHexString).ToList(), Convert.FromHexString(first.RootHash)));
        Assert.Equal(entry.LeafHash, Convert.ToHexStringLower(MerkleHash.Leaf(Encoding.UTF8.GetBytes(entry.Leaf))));

        var consistency = (await Http.GetFromJsonAsync<ConsistencyProofView>(
            $"/v1/proofs/consistency?first={first.TreeSize}&second={second.TreeSize}", Json))!;
        Assert.True(MerkleProofs.VerifyConsistency(first.TreeSize, second.TreeSize, Convert.FromHexString(first.RootHash),
            Convert.FromHexString(second.RootHash), consistency.Path.Select(Convert.FromHexString).ToList()));
    }

    [Fact]
    public async Task Bad_proof_and_query_parameters_get_problems_with_stable_codes()
    {
        await Http.PostAsJsonAsync("/v1/audit-events", Event("param-1", "subject-param"));
        await AssertProblemAsync("/v1/entries/999999/proof", HttpStatusCode.NotFound, "entry_not_found");
        await AssertProblemAsync("/v1/entries/0/proof?treeSize=999999", HttpStatusCode.BadRequest, "invalid_tree_size");
        await AssertProblemAsync("/v1/proofs/consistency?first=5&second=2", HttpStatusCode.BadRequest, "invalid_tree_size");
        await AssertProblemAsync("/v1/entries?limit=0", HttpStatusCode.BadRequest, "invalid_query");
        await AssertProblemAsync("/v1/entries/999999", HttpStatusCode.NotFound, "entry_not_found");
    }

    [Fact]
    public async Task An_entry_is_stored_through_the_sidecar_as_its_json_in_the_log_options_byte_for_byte()
    {
        var appended = await (await Http.PostAsJsonAsync("/v1/audit-events", Event("bytes-1", "subject-bytes"))).Content
            .ReadFromJsonAsync<AppendResult>(Json);

        var stored = await compliance.App.Dapr.GetByteStateAsync(Components.StateStore, AuditLog.EntryKey(appended!.Sequence));

        var entry = JsonSerializer.Deserialize<AuditEntry>(stored.Span, ComplianceJson.Options)!;
        Assert.Equal(JsonSerializer.Serialize(entry, ComplianceJson.Options), Encoding.UTF8.GetString(stored.Span));
    }

    [Fact]
    public async Task Editing_an_entry_directly_in_the_state_store_is_reported_by_verify()
    {
        var appended = await (await Http.PostAsJsonAsync("/v1/audit-events", Event("tamper-1", "subject-tamper"))).Content
            .ReadFromJsonAsync<AppendResult>(Json);
        await Http.PostAsync("/v1/tree-heads", null);
        var key = AuditLog.EntryKey(appended!.Sequence);
        var stored = await compliance.App.Dapr.GetStateAsync<JsonElement>(Components.StateStore, key);
        var entry = stored.Deserialize<AuditEntry>(Json)!;
        var edited = entry with { Leaf = entry.Leaf.Replace("\"success\"", "\"denied\"", StringComparison.Ordinal) };
        await compliance.App.Dapr.SaveByteStateAsync(Components.StateStore, key, JsonSerializer.SerializeToUtf8Bytes(edited, Json));
        try
        {
            var report = (await (await Http.PostAsync("/v1/verify", null)).Content.ReadFromJsonAsync<VerificationReport>(Json))!;
            Assert.False(report.Valid);
            Assert.Contains(report.Problems, p => p.Kind == "entry" && p.Position == appended.Sequence);
        }
        finally
        {
            await compliance.App.Dapr.SaveByteStateAsync(Components.StateStore, key, JsonSerializer.SerializeToUtf8Bytes(entry, Json));
        }
    }

    [Fact]
    public async Task An_evidence_pack_requested_over_http_verifies_offline_against_the_served_key()
    {
        for (var i = 0; i < 3; i++) await Http.PostAsJsonAsync("/v1/audit-events", Event($"pack-{i}", "subject-pack"));
        var response = await Http.PostAsJsonAsync("/v1/evidence-packs", new { subject = "subject-pack" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var keys = (await Http.GetFromJsonAsync<KeySet>("/v1/keys", Json))!;
        var report = Evidence.EvidencePackVerifier.Verify(await response.Content.ReadAsStreamAsync(), keys.Keys[0].PublicKeyPem);
        Assert.True(report.Valid, string.Join("; ", report.Problems));
        Assert.Equal(3, report.Entries);

        var bad = await Http.PostAsJsonAsync("/v1/evidence-packs", new { subject = "a", correlationId = "b" });
        Assert.Equal("invalid_selection", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var none = await Http.PostAsJsonAsync("/v1/evidence-packs", new { subject = "nobody-at-all" });
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("nothing_selected", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    internal static AuditEvent Event(string id, string subject) =>
        new(id, "webhooks", "agent-1", "endpoint.updated", $"endpoints/{id}", subject, "operations", AuditOutcomes.Success, "case-42",
            DateTimeOffset.Parse("2026-11-23T08:00:00Z"));

    private async Task<EntryPage> FindAsync(string query) => (await Http.GetFromJsonAsync<EntryPage>($"/v1/entries?{query}", Json))!;

    private async Task<EntryPage> EventuallyFindAsync(string query, int count)
    {
        EntryPage? page = null;
        await Eventually.TrueAsync(async () => (page = await FindAsync(query)).Entries.Count >= count, TimeSpan.FromSeconds(10), query);
        return page!;
    }

    private async Task AssertProblemAsync(string url, HttpStatusCode status, string code)
    {
        var response = await Http.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
