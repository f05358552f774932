using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.ServiceDefaults.Operators;

namespace GoLive.Privacy.Tests;

/// <summary>
/// Operator actions on one app reach Compliance's log through the real sidecars and pub/sub, naming the operator; with
/// app tokens set, as in production, internal routes answer only calls through the sidecar.
/// </summary>
public sealed class OperatorAuditTrailTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task An_incident_opened_by_an_operator_on_status_is_an_entry_in_the_compliance_log_naming_the_operator()
    {
        await using var platform = await PrivacyPlatform.StartAsync(withWebhooks: false);
        var kim = TestOperators.With(OperatorRoles.StatusOperate);
        using var status = kim.Client(platform.Status.App.BaseAddress!);

        var opened = await status.PostAsJsonAsync("/v1/incidents",
            new { title = "Payouts delayed", severity = "minor", components = new[] { "payouts" }, message = "Bank file late." }, Ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);

        JsonElement entry = default;
        await Eventually.TrueAsync(async () =>
        {
            var page = await platform.Compliance.Operator.GetFromJsonAsync<JsonElement>($"/v1/entries?actor={Uri.EscapeDataString(kim.Actor)}", Ct);
            entry = page.GetProperty("entries").EnumerateArray().FirstOrDefault(e => e.GetProperty("fields").GetProperty("source").GetString() == "status");
            return entry.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(20), "the operator's action is in the compliance log");
        Assert.Equal("POST /v1/incidents", entry.GetProperty("fields").GetProperty("action").GetString());
        Assert.Equal("success", entry.GetProperty("fields").GetProperty("outcome").GetString());
        Assert.Equal("operator:test-status-operate", entry.GetProperty("personal").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task With_app_tokens_internal_routes_refuse_direct_callers_and_answer_the_sidecar()
    {
        await using var platform = await PrivacyPlatform.StartAsync(withWebhooks: false);

        var direct = await platform.Compliance.Operator.PostAsJsonAsync("/privacy/export", new { subjectId = "s1", email = "s1@example.com" }, Ct);
        var invoked = await platform.Workflows.SidecarHttp.PostAsJsonAsync("/v1.0/invoke/compliance/method/privacy/export",
            new { subjectId = "s1", email = "s1@example.com" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, direct.StatusCode);
        Assert.Equal("app_token_required", (await direct.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, invoked.StatusCode);
    }
}
