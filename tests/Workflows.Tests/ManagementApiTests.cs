extern alias host;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Workflows.TestApp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Workflows.Tests;

/// <summary>The workflows app's management API over HTTP, with the test workflows added to what it hosts.</summary>
public sealed class ManagementApiTests : IAsyncLifetime
{
    private readonly TestPlatform _platform = new(["workflows"]);
    private DaprTestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await _platform.StartAsync<host::Program>("workflows", configure: web => web.ConfigureTestServices(services =>
        {
            services.AddSingleton(new ActivityLedger(null));
            services.AddWorkflows(o => o.AddWorkflow<ThreeSteps>().AddWorkflow<Approval>().AddActivity<Echo>().AddActivity<Flaky>());
        }));

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private async Task<JsonElement> FinishedAsync(string id)
    {
        JsonElement state = default;
        await Eventually.TrueAsync(async () =>
        {
            state = await _app.Operator.GetFromJsonAsync<JsonElement>($"/v1/workflows/instances/{id}");
            return state.GetProperty("status").GetString() is "Completed" or "Failed" or "Compensated" or "Terminated";
        }, TimeSpan.FromSeconds(30), $"{id} did not finish");
        return state;
    }

    [Fact]
    public async Task Starting_by_instance_id_is_idempotent_and_the_instance_is_visible_with_its_history()
    {
        var first = await _app.Operator.PostAsJsonAsync("/v1/workflows/ThreeSteps", new { instanceId = "api-1", input = "q" });
        var again = await _app.Operator.PostAsJsonAsync("/v1/workflows/ThreeSteps", new { instanceId = "api-1", input = "q" });
        var state = await FinishedAsync("api-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/v1/workflows/instances/api-1", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("q-a-b-c", state.GetProperty("output").GetString());
        Assert.Equal(3, state.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Events_terminate_purge_and_list_work_over_http()
    {
        await _app.Operator.PostAsJsonAsync("/v1/workflows/Approval", new { instanceId = "api-approve", input = new { document = "d", timeoutMs = 60_000 } });
        await _app.Operator.PostAsJsonAsync("/v1/workflows/Approval", new { instanceId = "api-stop", input = new { document = "e", timeoutMs = 60_000 } });

        var raised = await _app.Operator.PostAsJsonAsync("/v1/workflows/instances/api-approve/events/approved", "lin");
        var stillRunning = await _app.Operator.DeleteAsync("/v1/workflows/instances/api-stop");
        var terminated = await _app.Operator.PostAsJsonAsync("/v1/workflows/instances/api-stop/terminate", new { reason = "no longer needed" });
        var approved = await FinishedAsync("api-approve");
        var purged = await _app.Operator.DeleteAsync("/v1/workflows/instances/api-stop");
        var gone = await _app.Operator.GetAsync("/v1/workflows/instances/api-stop");

        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal("d approved by lin", approved.GetProperty("output").GetString());
        Assert.Equal(HttpStatusCode.Conflict, stillRunning.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, terminated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await Eventually.TrueAsync(async () => (await _app.Operator.GetFromJsonAsync<JsonElement>("/v1/workflows/instances?name=Approval&status=completed"))
            .EnumerateArray().Any(s => s.GetProperty("instanceId").GetString() == "api-approve"), TimeSpan.FromSeconds(10), "listed");
    }

    [Theory]
    [InlineData("POST", "/v1/workflows/NoSuchWorkflow", "{}", 404, "workflow_not_found")]
    [InlineData("POST", "/v1/workflows/ThreeSteps", "{\"instanceId\":\"has spaces/and slashes\"}", 400, "validation_failed")]
    [InlineData("POST", "/v1/workflows/ThreeSteps", "{not json", 400, "invalid_json")]
    [InlineData("GET", "/v1/workflows/instances/unknown-instance", null, 404, "instance_not_found")]
    [InlineData("GET", "/v1/workflows/instances?status=sleeping", null, 400, "validation_failed")]
    [InlineData("GET", "/v1/workflows/instances?limit=0", null, 400, "validation_failed")]
    [InlineData("POST", "/v1/workflows/instances/unknown-instance/terminate", "{}", 404, "instance_not_found")]
    [InlineData("DELETE", "/v1/workflows/instances/unknown-instance", null, 404, "instance_not_found")]
    public async Task Bad_requests_get_problem_details_with_a_stable_code(string method, string path, string? body, int status, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _app.Operator.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True(problem.TryGetProperty("correlationId", out _));
    }

    [Fact]
    public async Task A_malformed_event_payload_is_refused_and_the_instance_keeps_waiting()
    {
        await _app.Operator.PostAsJsonAsync("/v1/workflows/Approval", new { instanceId = "api-bad-event", input = new { document = "f", timeoutMs = 60_000 } });

        var response = await _app.Operator.PostAsync("/v1/workflows/instances/api-bad-event/events/approved",
            new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"));
        var state = await _app.Operator.GetFromJsonAsync<JsonElement>("/v1/workflows/instances/api-bad-event");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("Completed", state.GetProperty("status").GetString());
    }
}
