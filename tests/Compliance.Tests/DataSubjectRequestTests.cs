using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoLive.Compliance.Tests;

public sealed class DataSubjectRequestTests(DataSubjectRequestApp fixture) : IClassFixture<DataSubjectRequestApp>
{
    private readonly HttpClient _app = fixture.App.Operator;

    private static CancellationToken Ct => CancellationToken.None;

    private async Task<JsonElement> OpenAsync(string subject, string type = "export", string regulation = "gdpr")
    {
        var response = await _app.PostAsJsonAsync("/v1/data-subject-requests",
            new { type, subjectId = subject, email = $"{subject}@example.com", regulation }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<JsonElement> GetAsync(string id) => await _app.GetFromJsonAsync<JsonElement>($"/v1/data-subject-requests/{id}", Ct);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    [Fact]
    public async Task A_request_gets_a_deadline_by_regulation_and_a_code_that_approves_it_and_starts_the_workflow()
    {
        var gdpr = await OpenAsync("subj-deadline-g");
        var ccpa = await OpenAsync("subj-deadline-c", regulation: "ccpa");
        Assert.Equal("pending", gdpr.GetProperty("status").GetString());
        var received = gdpr.GetProperty("receivedAt").GetDateTimeOffset();
        Assert.Equal(received.AddDays(30), gdpr.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(ccpa.GetProperty("receivedAt").GetDateTimeOffset().AddDays(45), ccpa.GetProperty("dueAt").GetDateTimeOffset());

        var id = gdpr.GetProperty("id").GetString()!;
        var code = fixture.Sender.Codes[id];
        var wrong = code == "000000" ? "111111" : "000000";
        await ProblemAsync(await _app.PostAsJsonAsync($"/v1/data-subject-requests/{id}/verify", new { code = wrong }, Ct),
            HttpStatusCode.BadRequest, "invalid_verification_code");
        Assert.Equal("pending", (await GetAsync(id)).GetProperty("status").GetString());

        var verified = await (await _app.PostAsJsonAsync($"/v1/data-subject-requests/{id}/verify", new { code }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("in_processing", verified.GetProperty("status").GetString());
        Assert.Equal("identity:email-code", verified.GetProperty("approvedBy").GetString());
        var started = Assert.Single(fixture.Launcher.Started, s => s.RequestId == id);
        Assert.Equal("subj-deadline-g@example.com", started.Email);
    }

    [Fact]
    public async Task Too_many_wrong_codes_leave_the_identity_unverified_until_an_operator_approves()
    {
        var id = (await OpenAsync("subj-unverified")).GetProperty("id").GetString()!;
        var wrong = fixture.Sender.Codes[id] == "000000" ? "111111" : "000000";
        for (var i = 0; i < 4; i++) await _app.PostAsJsonAsync($"/v1/data-subject-requests/{id}/verify", new { code = wrong }, Ct);
        await ProblemAsync(await _app.PostAsJsonAsync($"/v1/data-subject-requests/{id}/verify", new { code = wrong }, Ct),
            HttpStatusCode.UnprocessableEntity, "verification_failed");
        Assert.Equal("identity_unverified", (await GetAsync(id)).GetProperty("status").GetString());
        await ProblemAsync(await _app.PostAsJsonAsync($"/v1/data-subject-requests/{id}/verify", new { code = fixture.Sender.Codes[id] }, Ct),
            HttpStatusCode.Conflict, "request_not_pending");

        var approved = await _app.PostAsJsonAsync($"/v1/data-subject-requests/{id}/approve", new { approvedBy = "officer:kim", method = "passport checked on a call" }, Ct);
        Assert.Equal("in_processing", (await approved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        var listed = await _app.GetFromJsonAsync<JsonElement>("/v1/data-subject-requests?status=in_processing", Ct);
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_second_open_request_of_the_same_subject_and_type_is_a_conflict_and_a_canceled_one_frees_the_subject()
    {
        var first = (await OpenAsync("subj-dup", type: "erasure")).GetProperty("id").GetString()!;
        var again = await _app.PostAsJsonAsync("/v1/data-subject-requests",
            new { type = "erasure", subjectId = "subj-dup", email = "subj-dup@example.com", regulation = "ccpa" }, Ct);
        var problem = await ProblemAsync(again, HttpStatusCode.Conflict, "request_already_open");
        Assert.Contains(first, problem.GetProperty("detail").GetString());
        await OpenAsync("subj-dup", type: "export");  // another type is another request

        var canceled = await _app.PostAsJsonAsync($"/v1/data-subject-requests/{first}/cancel", new { reason = "withdrawn by the subject" }, Ct);
        Assert.Equal("canceled", (await canceled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await ProblemAsync(await _app.PostAsJsonAsync($"/v1/data-subject-requests/{first}/cancel", new { reason = "again" }, Ct),
            HttpStatusCode.Conflict, "request_not_cancelable");
        await OpenAsync("subj-dup", type: "erasure");
    }

    [Theory]
    [InlineData("""{"type":"delete","subjectId":"s","email":"s@example.com","regulation":"gdpr"}""", "type")]
    [InlineData("""{"type":"export","subjectId":"","email":"s@example.com","regulation":"gdpr"}""", "subjectId")]
    [InlineData("""{"type":"export","subjectId":"s-bad","email":"not-an-email","regulation":"gdpr"}""", "email")]
    [InlineData("""{"type":"export","subjectId":"s-bad","email":"s@example.com","regulation":"lgpd"}""", "regulation")]
    [InlineData("""{"type":"export","subjectId":"s-bad","email":"s@example.com","regulation":"1"}""", "regulation")]
    public async Task A_malformed_request_is_a_validation_problem_and_stores_nothing(string body, string field)
    {
        var before = (await _app.GetFromJsonAsync<JsonElement>("/v1/data-subject-requests", Ct)).GetArrayLength();
        var response = await _app.PostAsync("/v1/data-subject-requests", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, (await _app.GetFromJsonAsync<JsonElement>("/v1/data-subject-requests", Ct)).GetArrayLength());
    }

    [Fact]
    public async Task Broken_json_unknown_requests_and_unknown_statuses_answer_problem_details()
    {
        await ProblemAsync(await _app.PostAsync("/v1/data-subject-requests", new StringContent("{\"type\":", System.Text.Encoding.UTF8, "application/json"), Ct),
            HttpStatusCode.BadRequest, "invalid_json");
        await ProblemAsync(await _app.GetAsync("/v1/data-subject-requests/dsr_nope", Ct), HttpStatusCode.NotFound, "request_not_found");
        await ProblemAsync(await _app.PostAsJsonAsync("/v1/data-subject-requests/dsr_nope/approve", new { approvedBy = "a", method = "b" }, Ct),
            HttpStatusCode.NotFound, "request_not_found");
        await ProblemAsync(await _app.GetAsync("/v1/data-subject-requests?status=done", Ct), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task An_export_becomes_one_zip_behind_an_expiring_signed_link_and_a_tampered_link_is_refused()
    {
        var id = (await OpenAsync("subj-export")).GetProperty("id").GetString()!;
        await _app.PostAsJsonAsync($"/v1/data-subject-requests/{id}/verify", new { code = fixture.Sender.Codes[id] }, Ct);
        // What the workflow reports: each participant's answer to the privacy contract, then the result.
        var webhooks = new
        {
            service = "webhooks", subjectId = "subj-export", holdsPersonalData = true,
            datasets = new[] { new { name = "endpoint-contacts", description = "contacts", records = new object[] { new { endpointId = "ep_1", contactEmail = "subj-export@example.com", note = "a, \"b\"" } } } },
        };
        var status = new { service = "status", subjectId = "subj-export", holdsPersonalData = false, datasets = Array.Empty<object>() };
        var forged = await AsAppAsync("gateway", $"/v1/data-subject-requests/{id}/result", new { succeeded = true });
        await ProblemAsync(forged, HttpStatusCode.Forbidden, "caller_not_allowed");
        await AsWorkflowAsync($"/v1/data-subject-requests/{id}/outcomes", new { participant = "webhooks", succeeded = true, rounds = 1, answer = webhooks });
        await AsWorkflowAsync($"/v1/data-subject-requests/{id}/outcomes", new { participant = "status", succeeded = true, rounds = 2, answer = status });
        var done = await (await AsWorkflowAsync($"/v1/data-subject-requests/{id}/result", new { succeeded = true })).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("complete", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("participants").GetArrayLength());

        var link = await (await _app.PostAsync($"/v1/data-subject-requests/{id}/export-links?validMinutes=60", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var url = link.GetProperty("url").GetString()!;
        var download = await _app.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        using (var zip = new ZipArchive(await download.Content.ReadAsStreamAsync(Ct)))
        {
            Assert.Equal(["README.md", "request.json", "status.json", "webhooks.json", "webhooks/endpoint-contacts.csv"], zip.Entries.Select(e => e.FullName).Order());
            using var csv = new StreamReader(zip.GetEntry("webhooks/endpoint-contacts.csv")!.Open());
            Assert.Equal("endpointId,contactEmail,note\r\nep_1,subj-export@example.com,\"a, \"\"b\"\"\"\r\n", await csv.ReadToEndAsync(Ct));
        }

        var tampered = url.Replace("expires=", "expires=1", StringComparison.Ordinal);
        await ProblemAsync(await _app.GetAsync(tampered, Ct), HttpStatusCode.Forbidden, "invalid_signature");
        await ProblemAsync(await _app.GetAsync(url[..^2] + (url[^2..] == "00" ? "11" : "00"), Ct), HttpStatusCode.Forbidden, "invalid_signature");
        await ProblemAsync(await _app.GetAsync(url.Replace($"/{id}/", "/dsr_other/", StringComparison.Ordinal), Ct), HttpStatusCode.Forbidden, "invalid_signature");

        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        await ProblemAsync(await _app.GetAsync(url, Ct), HttpStatusCode.Gone, "link_expired");
        var actions = (await _app.GetFromJsonAsync<JsonElement>($"/v1/entries?resource=data-subject-requests/{id}&limit=100", Ct))
            .GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("fields").GetProperty("action").GetString()).ToList();
        Assert.Contains("dsr.export.generated", actions);
        Assert.Contains("dsr.export.link-issued", actions);
        Assert.Single(actions, a => a == "dsr.export.downloaded");
    }

    /// <summary>A report as the workflow's sidecar delivers it: with the caller app id the sidecar sets.</summary>
    private Task<HttpResponseMessage> AsWorkflowAsync(string path, object body) => AsAppAsync("workflows", path, body);

    // As the sidecar delivers another app's invocation: the app token and the caller's app id.
    private Task<HttpResponseMessage> AsAppAsync(string appId, string path, object body) =>
        fixture.App.App.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(body),
            Headers = { { "dapr-caller-app-id", appId } },
        }, Ct);
}
