using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.ServiceDefaults.Operators;

namespace GoLive.Compliance.Tests;

/// <summary>Evidence packs, requests and consents are an officer's; the log's reads also an auditor's; the workflow's reports only its app's.</summary>
public sealed class OperatorRoutesTests(ComplianceApp compliance) : IClassFixture<ComplianceApp>
{
    private static readonly object Pack = new { subject = "cust_7" };

    private HttpClient As(TestOperator? @operator)
    {
        var client = new HttpClient { BaseAddress = compliance.App.App.BaseAddress };
        client.DefaultRequestHeaders.Authorization = @operator?.Authorization;
        return client;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True(problem.TryGetProperty("correlationId", out _));
    }

    [Fact]
    public async Task An_evidence_pack_needs_an_officer()
    {
        using var anonymous = As(null);
        using var auditor = As(TestOperators.With(OperatorRoles.ComplianceAuditor));
        using var officer = As(TestOperators.With(OperatorRoles.ComplianceOfficer));

        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/v1/evidence-packs", Pack), HttpStatusCode.Unauthorized, "credentials_required");
        await AssertProblemAsync(await auditor.PostAsJsonAsync("/v1/evidence-packs", Pack), HttpStatusCode.Forbidden, "insufficient_role");
        var pack = await officer.PostAsJsonAsync("/v1/evidence-packs", Pack);

        Assert.NotEqual(HttpStatusCode.Unauthorized, pack.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, pack.StatusCode);
    }

    [Fact]
    public async Task An_auditor_reads_the_log_but_opens_no_request_and_reads_no_consent()
    {
        using var auditor = As(TestOperators.With(OperatorRoles.ComplianceAuditor));

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(new Uri("/v1/entries?limit=1", UriKind.Relative))).StatusCode);
        await AssertProblemAsync(await auditor.GetAsync(new Uri("/v1/consents/bob", UriKind.Relative)), HttpStatusCode.Forbidden, "insufficient_role");
        await AssertProblemAsync(await auditor.PostAsJsonAsync("/v1/data-subject-requests",
            new { type = "export", subjectId = "s", email = "s@example.com", regulation = "gdpr" }), HttpStatusCode.Forbidden, "insufficient_role");
    }

    [Fact]
    public async Task The_export_archive_is_reached_by_its_signed_link_alone()
    {
        using var anonymous = As(null);

        // No operator needed, and no signature means no archive.
        await AssertProblemAsync(await anonymous.GetAsync(new Uri("/v1/data-subject-requests/dsr_x/archive", UriKind.Relative)), HttpStatusCode.Forbidden,
            "invalid_signature");
    }
}
