using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Compliance.Merkle;

namespace GoLive.Privacy.Tests;

public sealed class ErasureTests
{
    private const string SubjectId = "subj-ada-7f3";
    private const string Email = "Ada.Lovelace@partner.example.com";

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task An_erasure_leaves_no_trace_of_the_subject_in_any_store_and_the_audit_log_still_proves_consistent()
    {
        await using var platform = await PrivacyPlatform.StartAsync();
        var compliance = platform.Compliance.Operator;
        await SeedAsync(platform);
        var before = await (await compliance.PostAsync("/v1/tree-heads", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var seeded = platform.Find(SubjectId, Email);
        Assert.Contains(seeded, row => row.StartsWith("webhooks.db", StringComparison.Ordinal));
        Assert.Contains(seeded, row => row.StartsWith("compliance.db", StringComparison.Ordinal));

        // An export first: its record and archive name the subject too, and the erasure must cover them.
        var export = await OpenAndApproveAsync(compliance, "export");
        await WaitForAsync(compliance, export, r => r.GetProperty("status").GetString() == "complete" && r.GetProperty("workflowPurged").GetBoolean());
        var exportLink = await (await compliance.PostAsync($"/v1/data-subject-requests/{export}/export-links", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var id = await OpenAndApproveAsync(compliance, "erasure");
        var done = await WaitForAsync(compliance, id, r => r.GetProperty("status").GetString() == "complete" && r.GetProperty("workflowPurged").GetBoolean());

        Assert.Equal(["compliance", "status", "webhooks"], done.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("participant").GetString()).Order());
        Assert.All(done.GetProperty("participants").EnumerateArray(), p => Assert.True(p.GetProperty("succeeded").GetBoolean()));
        var status = done.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("participant").GetString() == "status");
        Assert.False(status.GetProperty("holdsPersonalData").GetBoolean());
        Assert.StartsWith("pseud_", done.GetProperty("subjectId").GetString());
        Assert.Empty(platform.Find(SubjectId, Email));
        var exported = await compliance.GetFromJsonAsync<JsonElement>($"/v1/data-subject-requests/{export}", Ct);
        Assert.Equal(done.GetProperty("subjectId").GetString(), exported.GetProperty("subjectId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await compliance.GetAsync(exportLink.GetProperty("url").GetString(), Ct)).StatusCode);

        // The log was rewritten only in its personal fields: every head, proof and entry still verifies.
        var report = await (await compliance.PostAsync("/v1/verify", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(report.GetProperty("valid").GetBoolean(), report.ToString());
        var after = await (await compliance.PostAsync("/v1/tree-heads", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var first = before.GetProperty("treeSize").GetInt64();
        var second = after.GetProperty("treeSize").GetInt64();
        var proof = await compliance.GetFromJsonAsync<JsonElement>($"/v1/proofs/consistency?first={first}&second={second}", Ct);
        Assert.Equal(before.GetProperty("rootHash").GetString(), proof.GetProperty("firstRoot").GetString());
        Assert.True(MerkleProofs.VerifyConsistency(first, second, Convert.FromHexString(before.GetProperty("rootHash").GetString()!),
            Convert.FromHexString(after.GetProperty("rootHash").GetString()!),
            [.. proof.GetProperty("path").EnumerateArray().Select(p => Convert.FromHexString(p.GetString()!))]));

        // The webhook endpoint kept working without its contact; the consent decision is still provable under the pseudonym.
        var endpoints = await platform.Webhooks!.Operator.GetFromJsonAsync<JsonElement>("/v1/endpoints", Ct);
        Assert.Contains("partner.example.com/hooks", endpoints.ToString());
        var consent = await compliance.GetFromJsonAsync<JsonElement>($"/v1/consents/{done.GetProperty("subjectId").GetString()}", Ct);
        Assert.True(consent.GetProperty("current").GetProperty("marketing").GetProperty("granted").GetBoolean());
    }

    [Fact]
    public async Task A_participant_that_is_down_is_retried_until_it_returns_and_the_export_then_completes()
    {
        await using var platform = await PrivacyPlatform.StartAsync();
        await SeedAsync(platform);
        await platform.StopWebhooksAsync();

        var id = await OpenAndApproveAsync(platform.Compliance.Operator, "export");
        await Eventually.TrueAsync(async () =>
        {
            var instance = await platform.Workflows.Operator.GetFromJsonAsync<JsonElement>($"/v1/workflows/instances/{id}", Ct);
            return instance.GetProperty("steps").EnumerateArray().Count(s =>
                s.GetProperty("name").GetString() == "webhooks/privacy/export" && s.GetProperty("status").GetString() == "Failed") >= 2;
        }, TimeSpan.FromSeconds(30), "webhooks failed two rounds");
        var waiting = await platform.Compliance.Operator.GetFromJsonAsync<JsonElement>($"/v1/data-subject-requests/{id}", Ct);
        Assert.Equal("in_processing", waiting.GetProperty("status").GetString());
        Assert.DoesNotContain(waiting.GetProperty("participants").EnumerateArray(), p => p.GetProperty("participant").GetString() == "webhooks");

        await platform.StartWebhooksAsync();
        var done = await WaitForAsync(platform.Compliance.Operator, id, r => r.GetProperty("status").GetString() == "complete");
        var webhooks = done.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("participant").GetString() == "webhooks");
        Assert.True(webhooks.GetProperty("rounds").GetInt32() >= 3);
        Assert.Equal(1, webhooks.GetProperty("records").GetInt32());

        var link = await (await platform.Compliance.Operator.PostAsync($"/v1/data-subject-requests/{id}/export-links", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var zip = new System.IO.Compression.ZipArchive(await platform.Compliance.Operator.GetStreamAsync(link.GetProperty("url").GetString(), Ct));
        Assert.Contains("webhooks/endpoint-contacts.csv", zip.Entries.Select(e => e.FullName));
        using var audit = new StreamReader(zip.GetEntry("compliance.json")!.Open());
        Assert.Contains("payout.approved", await audit.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task An_unknown_subject_completes_with_nothing_found_and_no_trace_stored()
    {
        await using var platform = await PrivacyPlatform.StartAsync();
        var id = await OpenAndApproveAsync(platform.Compliance.Operator, "erasure", subjectId: "subj-nobody", email: "nobody@example.com");

        var done = await WaitForAsync(platform.Compliance.Operator, id, r => r.GetProperty("status").GetString() == "complete" && r.GetProperty("workflowPurged").GetBoolean());
        Assert.All(done.GetProperty("participants").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("records").GetInt32()));
        Assert.Empty(platform.Find("subj-nobody", "nobody@example.com"));
    }

    private static async Task SeedAsync(PrivacyPlatform platform)
    {
        var created = await platform.Webhooks!.Operator.PostAsJsonAsync("/v1/endpoints",
            new { url = "https://partner.example.com/hooks", contactEmail = Email }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var compliance = platform.Compliance.Operator;
        var time = DateTimeOffset.UtcNow.AddMinutes(-5);
        foreach (var (n, actor, subject) in new[] { (1, "agent:9", SubjectId), (2, Email.ToLowerInvariant(), (string?)null), (3, "agent:2", "subj-other") })
        {
            // As another service appends: through its sidecar (the route is internal).
            var response = await platform.Status.SidecarHttp.PostAsJsonAsync("/v1.0/invoke/compliance/method/v1/audit-events", new
            {
                id = $"seed-{n}", source = "payments", actor, action = "payout.approved", resource = $"payouts/po_{n}", subject, purpose = "payouts",
                outcome = "success", time = time.AddSeconds(n), details = new Dictionary<string, string> { ["contact"] = Email },
            }, Ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        }
        var consent = await compliance.PostAsJsonAsync("/v1/consents", new { subject = SubjectId, purpose = "marketing", granted = true, source = "signup-form" }, Ct);
        Assert.True(consent.IsSuccessStatusCode, await consent.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> OpenAndApproveAsync(HttpClient compliance, string type, string subjectId = SubjectId, string email = Email)
    {
        var opened = await compliance.PostAsJsonAsync("/v1/data-subject-requests", new { type, subjectId, email, regulation = "gdpr" }, Ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var request = await opened.Content.ReadFromJsonAsync<JsonElement>(Ct);
        // No dsr-notify binding here, so no code was sent: the identity is verified by an operator.
        Assert.Equal("operator", request.GetProperty("verification").GetString());
        var id = request.GetProperty("id").GetString()!;
        var approved = await compliance.PostAsJsonAsync($"/v1/data-subject-requests/{id}/approve", new { approvedBy = "officer:kim", method = "video call with ID" }, Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return id;
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient compliance, string id, Func<JsonElement, bool> done)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(async () => done(last = await compliance.GetFromJsonAsync<JsonElement>($"/v1/data-subject-requests/{id}", Ct)),
            TimeSpan.FromSeconds(40), "the request finished");
        return last;
    }
}
