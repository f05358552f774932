using System.Text.Json;
using GoLive.Compliance.Consent;
using GoLive.Compliance.Privacy;
using GoLive.Compliance.Requests;
using GoLive.ServiceDefaults.Privacy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Compliance.Tests;

/// <summary>Data-subject requests as plain classes over an in-memory store (no HTTP, no sidecar).</summary>
public sealed class DataSubjectRequestsTests
{
    private sealed class FixedKey : IPseudonymKey, IRequestKey
    {
        public Task<byte[]> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult("test-key"u8.ToArray());
    }

    private sealed class Domain
    {
        public Domain(RequestOptions? options = null)
        {
            Pseudonyms = new SubjectPseudonyms(Log.Log, new FixedKey(), Log.Time);
            var o = Options.Create(options ?? new RequestOptions());
            Requests = new DataSubjectRequests(new RequestStore(Log.Store), new IdentityVerification(Log.Store, new FixedKey(), Sender, Log.Time, o),
                Launcher, Pseudonyms, Log.Log, Log.Time, o, NullLogger<DataSubjectRequests>.Instance);
            Sweep = new RequestSweep(Requests, Launcher, Log.Time, NullLogger<RequestSweep>.Instance);
        }

        public LogFixture Log { get; } = new();
        public FakeTimeProvider Clock => (FakeTimeProvider)Log.Time;
        internal CapturingSender Sender { get; } = new();
        internal RecordingLauncher Launcher { get; } = new();
        public SubjectPseudonyms Pseudonyms { get; }
        public DataSubjectRequests Requests { get; }
        public RequestSweep Sweep { get; }

        public IEnumerable<PublishedEvent> Published => Log.Store.Published.Where(e => e.Type.StartsWith("golive.compliance.dsr.", StringComparison.Ordinal));

        public IEnumerable<(string Type, string Payload)> Events => Published.Select(e => (e.Type, e.Data.GetRawText()));
    }

    private static NewRequest Erasure(string subject = "subj-1") => new("erasure", subject, $"{subject}@example.com", "gdpr");

    [Fact]
    public async Task A_verified_code_alone_does_not_approve_by_default_because_it_proves_only_the_email()
    {
        var d = new Domain();
        var opened = await d.Requests.OpenAsync(Erasure());

        var (request, verdict) = await d.Requests.VerifyAsync(opened.Request.Id, d.Sender.Codes[opened.Request.Id], default);

        Assert.Equal(CodeVerdict.Verified, verdict);
        Assert.Equal(RequestStatus.Pending, request!.Status);
        Assert.NotNull(request.EmailVerifiedAt);
        Assert.Empty(d.Launcher.Started);
        var approved = await d.Requests.ApproveAsync(opened.Request.Id, "officer:kim", "email verified, matches the account", default);
        Assert.Equal(RequestStatus.InProcessing, approved!.Status);
        Assert.Single(d.Launcher.Started);
    }

    [Fact]
    public async Task Request_events_and_audit_entries_never_carry_the_subjects_identifiers()
    {
        var d = new Domain();
        var opened = await d.Requests.OpenAsync(Erasure("subj-private"));
        await d.Requests.ApproveAsync(opened.Request.Id, "officer:kim", "checked", default);
        await d.Requests.RecordOutcomeAsync(opened.Request.Id, new ParticipantReport("webhooks", true, 1, null,
            JsonSerializer.SerializeToElement(new { service = "webhooks", erased = 1, holdsPersonalData = true, actions = new[] { "removed" } })), default);
        var done = await d.Requests.CompleteAsync(opened.Request.Id, new RequestResult(true, null), default);

        Assert.Equal(RequestStatus.Complete, done!.Status);
        Assert.StartsWith("pseud_", done.SubjectId);
        Assert.Equal(done.SubjectId, done.Email);
        Assert.Equal([RequestEvents.Received, RequestEvents.Approved, RequestEvents.Started, RequestEvents.Progressed, RequestEvents.Completed],
            d.Events.Select(e => e.Type).Distinct());
        Assert.DoesNotContain(d.Events, e => e.Payload.Contains("subj-private", StringComparison.Ordinal));
        Assert.All(d.Published, e => Assert.Equal(opened.Request.Id, e.Subject));
        Assert.All(d.Published, e => Assert.StartsWith($"{e.Type}:{opened.Request.Id}:", e.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(d.Log.Store.Values, kv => kv.Key.Contains("subj-private", StringComparison.Ordinal) || kv.Value.Contains("subj-private", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_export_never_publishes_the_exported_data_or_the_archive_through_the_outbox()
    {
        var d = new Domain();
        var opened = await d.Requests.OpenAsync(new NewRequest("export", "subj-exported", "subj-exported@example.com", "gdpr"));
        await d.Requests.ApproveAsync(opened.Request.Id, "officer:kim", "checked", default);
        await d.Requests.RecordOutcomeAsync(opened.Request.Id, new ParticipantReport("webhooks", true, 1, null,
            JsonSerializer.SerializeToElement(new { service = "webhooks", holdsPersonalData = true, endpoints = new[] { "https://private.example/hook" } })), default);
        await d.Requests.CompleteAsync(opened.Request.Id, new RequestResult(true, null), default);

        Assert.Contains(d.Log.Store.Published, e => e.Type == RequestStore.ExportStored);
        Assert.DoesNotContain(d.Log.Store.Published, e => e.Data.GetRawText().Contains("private.example", StringComparison.Ordinal));
        Assert.DoesNotContain(d.Log.Store.Published, e => e.Data.GetRawText().Contains("subj-exported", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sweep_raises_overdue_once_at_the_deadline_and_never_for_a_finished_request()
    {
        var d = new Domain();
        var open = (await d.Requests.OpenAsync(Erasure("subj-a"))).Request;
        var canceled = (await d.Requests.OpenAsync(Erasure("subj-b"))).Request;
        await d.Requests.CancelAsync(canceled.Id, "withdrawn", default);

        d.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Empty((await d.Sweep.RunAsync()).Overdue);
        d.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([open.Id], (await d.Sweep.RunAsync()).Overdue);
        d.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty((await d.Sweep.RunAsync()).Overdue);
        Assert.Single(d.Events, e => e.Type == RequestEvents.Overdue);
    }

    [Fact]
    public async Task An_approved_request_whose_workflow_could_not_start_is_started_by_the_next_sweep()
    {
        var d = new Domain();
        var failing = new FailingOnceLauncher(d.Launcher);
        var requests = new DataSubjectRequests(new RequestStore(d.Log.Store), new IdentityVerification(d.Log.Store, new FixedKey(), d.Sender, d.Clock,
            Options.Create(new RequestOptions())), failing, d.Pseudonyms, d.Log.Log, d.Clock, Options.Create(new RequestOptions()),
            NullLogger<DataSubjectRequests>.Instance);
        var id = (await requests.OpenAsync(Erasure())).Request.Id;

        Assert.Equal(RequestStatus.Approved, (await requests.ApproveAsync(id, "officer:kim", "checked", default))!.Status);
        var sweep = await new RequestSweep(requests, failing, d.Clock, NullLogger<RequestSweep>.Instance).RunAsync();

        Assert.Equal([id], sweep.Started);
        Assert.Equal(RequestStatus.InProcessing, (await requests.FindAsync(id, default))!.Status);
    }

    [Fact]
    public async Task Erasing_in_compliance_pseudonymises_entries_mentions_and_consents_and_keeps_proofs()
    {
        var d = new Domain();
        var consents = new ConsentRecords(d.Log.Store, d.Log.Log, d.Clock);
        await d.Log.AppendAsync(6);  // user-0..3 as subjects, emails user-N@example.com in details
        await d.Log.Log.AppendAsync(LogFixture.Event(99, subject: "someone-else") with { Details = new Dictionary<string, string> { ["cc"] = "User-1@Example.com" } });
        await consents.RecordAsync(new ConsentChange("user-1", "marketing", true, "signup-form"));
        var head = await d.Log.Heads.SignAsync();
        var holder = new ComplianceSubjectData(d.Pseudonyms, consents);
        var subject = new DataSubject("user-1", "user-1@example.com");

        var exported = await holder.ExportAsync(subject, default);
        // Two events and the consent's own entry name user-1 as subject; one about someone else mentions the email.
        Assert.Equal(4, exported.Single(s => s.Name == "audit-entries").Records.Count);
        var (erased, actions) = await holder.EraseAsync(subject, default);

        Assert.Equal(5, erased);  // four entries and one consent decision
        Assert.Equal(2, actions.Count);
        Assert.DoesNotContain(d.Log.Store.Values, kv => kv.Key.Contains("user-1", StringComparison.OrdinalIgnoreCase)
            || kv.Value.Contains("user-1", StringComparison.OrdinalIgnoreCase));
        Assert.True((await d.Log.Verifier.VerifyAsync()).Valid);
        Assert.Equal(head.RootHash, Convert.ToHexStringLower(d.Log.Log.WithTree(t => t.RootHash(head.TreeSize))));
        var pseudonym = await d.Pseudonyms.PseudonymOfAsync("user-1");
        Assert.True((await consents.HistoryAsync(pseudonym))!.Current["marketing"].Granted);
        Assert.Empty((await holder.ExportAsync(subject, default)).SelectMany(s => s.Records));
    }

    [Fact]
    public async Task A_workflow_that_ran_out_of_rounds_ends_the_request_in_error_and_frees_the_subject_for_a_new_one()
    {
        var d = new Domain();
        var id = (await d.Requests.OpenAsync(Erasure())).Request.Id;
        await d.Requests.ApproveAsync(id, "officer:kim", "checked");
        await d.Requests.RecordOutcomeAsync(id, new ParticipantReport("webhooks", false, 60, "webhooks/privacy/erase answered 500", null));

        var failed = await d.Requests.CompleteAsync(id, new RequestResult(false, "no answer after 60 rounds from: webhooks"));

        Assert.Equal(RequestStatus.Error, failed!.Status);
        Assert.Equal("subj-1", failed.SubjectId);  // nothing was erased everywhere, so the officer still knows whom to retry
        Assert.False(Assert.Single(failed.Participants).Succeeded);
        Assert.Single(d.Events, e => e.Type == RequestEvents.Failed);
        Assert.False((await d.Requests.OpenAsync(Erasure())).Duplicate);
    }

    [Fact]
    public async Task A_mail_channel_that_fails_leaves_the_request_waiting_for_an_officer_instead_of_losing_it()
    {
        var d = new Domain();
        var o = Options.Create(new RequestOptions());
        var requests = new DataSubjectRequests(new RequestStore(d.Log.Store), new IdentityVerification(d.Log.Store, new FixedKey(), new BrokenSender(), d.Clock, o),
            d.Launcher, d.Pseudonyms, d.Log.Log, d.Clock, o, NullLogger<DataSubjectRequests>.Instance);

        var opened = await requests.OpenAsync(Erasure());

        Assert.False(opened.CodeSent);
        Assert.Equal("operator", (await requests.FindAsync(opened.Request.Id))!.Verification);
        Assert.True((await requests.OpenAsync(Erasure())).Duplicate);
    }

    private sealed class BrokenSender : IVerificationSender
    {
        public Task<bool> SendAsync(string requestId, string email, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            throw new HttpRequestException("mail relay down");
    }

    [Fact]
    public void A_flat_dataset_becomes_csv_and_a_nested_one_does_not()
    {
        var flat = JsonSerializer.SerializeToElement(new { name = "n", records = new object[] { new { a = 1, b = "x,y" }, new { a = 2, c = (string?)null } } });
        var nested = JsonSerializer.SerializeToElement(new { name = "n", records = new object[] { new { a = new { b = 1 } } } });

        Assert.Equal("a,b,c\r\n1,\"x,y\",\r\n2,,\r\n", ExportArchive.Csv(flat));
        Assert.Null(ExportArchive.Csv(nested));
    }

    private sealed class FailingOnceLauncher(RecordingLauncher inner) : IWorkflowLauncher
    {
        private int _calls;

        public Task StartAsync(WorkflowInput input, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new HttpRequestException("workflows is down") : inner.StartAsync(input, cancellationToken);

        public Task<bool> PurgeAsync(string requestId, CancellationToken cancellationToken) => inner.PurgeAsync(requestId, cancellationToken);
    }
}
