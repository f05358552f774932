using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Compliance.Consent;
using GoLive.Compliance.Log;
using GoLive.Compliance.Privacy;
using GoLive.Compliance.Retention;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Compliance.Tests;

public sealed class ConsentAndRetentionTests
{
    private sealed class FixedKey : IPseudonymKey
    {
        public Task<byte[]> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult("k"u8.ToArray());
    }

    [Fact]
    public async Task Consent_history_keeps_every_decision_and_the_latest_per_purpose_is_current()
    {
        var f = new LogFixture();
        var consents = new ConsentRecords(f.Store, f.Log, f.Time);
        await consents.RecordAsync(new ConsentChange("alice", "marketing", true, "signup-form"));
        ((FakeTimeProvider)f.Time).Advance(TimeSpan.FromDays(3));
        await consents.RecordAsync(new ConsentChange("alice", "analytics", true, "cookie-banner"));
        ((FakeTimeProvider)f.Time).Advance(TimeSpan.FromDays(3));
        await consents.RecordAsync(new ConsentChange("alice", "marketing", false, "account-settings"));

        var history = (await consents.HistoryAsync("alice"))!;
        Assert.Equal(3, history.History.Count);
        Assert.False(history.Current["marketing"].Granted);
        Assert.Equal("account-settings", history.Current["marketing"].Source);
        Assert.True(history.Current["analytics"].Granted);
        Assert.Equal(["consent.granted", "consent.granted", "consent.withdrawn"],
            (await f.Log.ReadAsync(f.Log.Find(new AuditQuery(Subject: "alice")))).Select(e => e.Fields().Action));
        Assert.Contains(f.Store.Published, e => e.Type == ConsentRecords.ChangedType);
    }

    [Fact]
    public void An_incomplete_consent_change_is_rejected_field_by_field()
    {
        var errors = ConsentRecords.Errors(new ConsentChange("", null, null, " "));
        Assert.Equal(["granted", "purpose", "source", "subject"], errors.Keys.Order());
    }

    [Fact]
    public async Task A_retention_run_pseudonymises_old_audit_personal_data_publishes_the_cutoffs_and_is_audited()
    {
        var f = new LogFixture();
        await f.AppendAsync(20);  // event times 08:00 .. 08:19
        var head = await f.Heads.SignAsync();
        var options = Options.Create(new ComplianceOptions
        {
            Retention = { [RetentionRuns.AuditPersonalData] = TimeSpan.FromMinutes(50), ["checkout-ip"] = TimeSpan.FromDays(90) },
        });
        var runs = new RetentionRuns(options, new SubjectPseudonyms(f.Log, new FixedKey(), f.Time), f.Store, f.Log, f.Time);

        var run = await runs.RunAsync();  // now 09:00, so entries before 08:10 are due

        Assert.Equal(10, run.Policies.Single(p => p.Category == RetentionRuns.AuditPersonalData).Affected);
        var checkout = run.Policies.Single(p => p.Category == "checkout-ip");
        Assert.Equal((null, f.Time.GetUtcNow().AddDays(-90)), (checkout.Affected, checkout.Cutoff));
        var entries = await f.Log.ReadAsync(Enumerable.Range(0, 20).Select(i => (long)i).ToList());
        Assert.All(entries.Take(10), e => Assert.Null(e.Personal));
        Assert.All(entries.Skip(10), e => Assert.NotNull(e.Personal));
        Assert.Equal(run.Policies, (await runs.LastAsync())!.Policies);
        Assert.Single(f.Log.Find(new AuditQuery(Resource: $"retention-runs/{run.Id}")));
        Assert.Contains(f.Store.Published, e => e.Type == RetentionRuns.ExecutedType && e.Id == run.Id);
        Assert.True((await f.Verifier.VerifyAsync()).Valid);
        Assert.Equal(head.TreeSize, (await f.Heads.AtSizeAsync(head.TreeSize))!.TreeSize);
    }

    [Fact]
    public async Task The_retention_cron_binding_runs_the_policies_and_consent_is_served_over_http()
    {
        await using var platform = new TestPlatform(componentsDirectory: CronComponents());
        var app = await platform.StartAsync<Program>("compliance", new Dictionary<string, string?>
        {
            ["Compliance:Retention:checkout-ip"] = "90.00:00:00",
        });
        await Eventually.TrueAsync(async () => (await app.Operator.GetAsync("/v1/retention/runs/last")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(15), "a retention run triggered by the cron binding");

        var created = await app.Operator.PostAsJsonAsync("/v1/consents", new { subject = "bob", purpose = "marketing", granted = true, source = "form" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var history = await app.Operator.GetFromJsonAsync<ConsentHistory>("/v1/consents/bob", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.True(history!.Current["marketing"].Granted);
        var invalid = await app.Operator.PostAsJsonAsync("/v1/consents", new { subject = "bob" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Operator.GetAsync("/v1/consents/nobody")).StatusCode);
    }

    private static string CronComponents()
    {
        var directory = Directory.CreateTempSubdirectory("compliance-cron-").FullName;
        DefaultComponents.Write(directory, ["compliance"], new Dictionary<string, string>
        {
            ["compliance-signing-key"] = ComplianceApp.SigningKeyPem,
            ["compliance-pseudonym-key"] = Convert.ToBase64String("test-key"u8),
        });
        File.WriteAllText(Path.Combine(directory, "retention-cron.yaml"), """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: retention-cron
            spec:
              type: bindings.cron
              version: v1
              metadata:
                - name: schedule
                  value: "@every 1s"
            scopes: [compliance]
            """);
        return directory;
    }
}
