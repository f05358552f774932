using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.ServiceDefaults.Operators;
using GoLive.Status.Tests.Infrastructure;

namespace GoLive.Status.Tests;

/// <summary>Who may call what on Status, with the app token set as under a sidecar: public page, operator API, ingest, internal routes.</summary>
public sealed class OperatorRoutesTests
{
    private static readonly Dictionary<string, string?> WithAppToken = new() { ["APP_API_TOKEN"] = TestAppToken.Value };
    private static readonly object NewIncident = new { title = "Checkout errors", severity = "major", components = new[] { "checkout" }, message = "Investigating." };

    private static Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code) =>
        SamplesApiTests.AssertProblem(response, status, code);

    [Fact]
    public async Task Opening_an_incident_needs_an_operator_with_status_operate_and_is_audited_with_their_name()
    {
        await using var app = new StatusApp(WithAppToken);
        var ingestOnly = await app.StartAsync(TestOperators.With(OperatorRoles.StatusIngest));
        var anonymous = app.CreateClient();
        var kim = TestOperators.With(OperatorRoles.StatusOperate);
        using var operatorClient = app.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = kim.Authorization;

        await ProblemAsync(await anonymous.PostAsJsonAsync("/v1/incidents", NewIncident), HttpStatusCode.Unauthorized, "credentials_required");
        await ProblemAsync(await ingestOnly.PostAsJsonAsync("/v1/incidents", NewIncident), HttpStatusCode.Forbidden, "insufficient_role");
        var opened = await operatorClient.PostAsJsonAsync("/v1/incidents", NewIncident);

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var recorded = await app.Audit.SingleAsync(e => e.Actor == kim.Actor && e.Action == "POST /v1/incidents", "the opening is audited");
        Assert.Equal("success", recorded.Outcome);
        Assert.Contains(app.Audit.Events, e => e.Actor == TestOperators.With(OperatorRoles.StatusIngest).Actor && e.Outcome == "denied");
        Assert.NotNull(id);
    }

    [Fact]
    public async Task Samples_come_from_any_app_through_its_sidecar_or_from_an_operator_with_status_ingest()
    {
        await using var app = new StatusApp(WithAppToken);
        var feeder = await app.StartAsync(TestOperators.With(OperatorRoles.StatusIngest));
        using var anonymous = app.CreateClient();
        using var sidecar = app.CreateClient().AsSidecar();
        var batch = SamplesApiTests.Batch(SamplesApiTests.Sample("playback.join_ms", 900));

        await ProblemAsync(await anonymous.PostAsJsonAsync("/v1/samples", batch), HttpStatusCode.Unauthorized, "credentials_required");
        Assert.Equal(HttpStatusCode.OK, (await feeder.PostAsJsonAsync("/v1/samples", batch)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sidecar.PostAsJsonAsync("/v1/samples", batch)).StatusCode);
    }

    [Fact]
    public async Task The_gateway_reads_incidents_and_slos_through_its_sidecar_and_other_apps_cannot()
    {
        await using var app = new StatusApp(WithAppToken);
        await app.StartAsync();
        using var gateway = app.CreateClient().AsSidecar();
        gateway.DefaultRequestHeaders.Add("dapr-caller-app-id", "gateway");
        using var flags = app.CreateClient().AsSidecar();
        flags.DefaultRequestHeaders.Add("dapr-caller-app-id", "flags");

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync(new Uri("/v1/incidents", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync(new Uri("/v1/slos", UriKind.Relative))).StatusCode);
        await ProblemAsync(await gateway.PostAsJsonAsync("/v1/incidents", NewIncident), HttpStatusCode.Unauthorized, "credentials_required");
        await ProblemAsync(await flags.GetAsync(new Uri("/v1/incidents", UriKind.Relative)), HttpStatusCode.Unauthorized, "credentials_required");
    }

    [Fact]
    public async Task The_page_is_public_and_the_samples_subscription_is_internal()
    {
        await using var app = new StatusApp(WithAppToken);
        await app.StartAsync();
        using var anonymous = app.CreateClient();

        foreach (var path in new[] { "/status", "/api/v2/summary.json", "/status/feed.atom" })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        await ProblemAsync(await anonymous.PostAsJsonAsync("/v1/samples/events", SamplesApiTests.Batch()), HttpStatusCode.Unauthorized, "app_token_required");
    }
}
