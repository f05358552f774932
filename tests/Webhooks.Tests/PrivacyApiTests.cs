using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Webhooks.Tests.Infrastructure;

namespace GoLive.Webhooks.Tests;

public sealed class PrivacyApiTests(WebhooksApiFactory factory) : IClassFixture<WebhooksApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task A_contact_email_is_exported_then_erased_and_the_endpoint_keeps_working()
    {
        var created = await (await _client.PostAsJsonAsync("/v1/endpoints", new { url = "https://partner.example.com/p", contactEmail = "Ada@Partner.example.com" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("endpoint").GetProperty("id").GetString();
        var subject = new { subjectId = "subj_1", email = "ada@partner.example.com" };

        var export = await (await _client.PostAsJsonAsync("/privacy/export", subject, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var record = Assert.Single(export.GetProperty("datasets")[0].GetProperty("records").EnumerateArray());
        Assert.Equal(id, record.GetProperty("endpointId").GetString());
        Assert.Equal("Ada@Partner.example.com", record.GetProperty("contactEmail").GetString());

        var erase = await (await _client.PostAsJsonAsync("/privacy/erase", subject, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, erase.GetProperty("erased").GetInt32());

        var endpoint = await _client.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{id}", Ct);
        Assert.Equal(JsonValueKind.Null, endpoint.GetProperty("contactEmail").ValueKind);
        Assert.False(endpoint.GetProperty("disabled").GetBoolean());
        var again = await (await _client.PostAsJsonAsync("/privacy/export", subject, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Empty(again.GetProperty("datasets")[0].GetProperty("records").EnumerateArray());
    }

    [Fact]
    public async Task A_request_without_subject_or_email_is_a_validation_problem()
    {
        var response = await _client.PostAsJsonAsync("/privacy/erase", new { subjectId = "" }, Ct);

        var errors = (await WebhooksApiFactory.ProblemAsync(response, 400, "validation_failed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("subjectId", out _));
        Assert.True(errors.TryGetProperty("email", out _));
    }
}
