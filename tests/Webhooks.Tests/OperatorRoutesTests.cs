using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.ServiceDefaults.Operators;
using GoLive.Webhooks.Tests.Infrastructure;

namespace GoLive.Webhooks.Tests;

/// <summary>Endpoints, secrets and messages are for operators with webhooks:admin and for partners through the gateway's sidecar.</summary>
public sealed class OperatorRoutesTests(WebhooksApiFactory factory) : IClassFixture<WebhooksApiFactory>
{
    private static readonly object Endpoint = new { url = "https://partner.example.com/hooks", eventTypes = new[] { "golive.status.incident.*" } };

    private HttpClient Client(TestOperator? @operator, string? caller = null, bool appToken = true)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = @operator?.Authorization;
        if (!appToken) client.DefaultRequestHeaders.Remove(TestAppToken.Header);
        if (caller is not null) client.DefaultRequestHeaders.Add("dapr-caller-app-id", caller);
        return client;
    }

    private async Task<string> CreateAsync()
    {
        var created = await factory.CreateClient().PostAsJsonAsync("/v1/endpoints", Endpoint);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endpoint").GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Without_credentials_or_with_the_wrong_role_the_admin_api_refuses_with_problems()
    {
        using var anonymous = Client(null, appToken: false);
        using var status = Client(TestOperators.With(OperatorRoles.StatusOperate));
        using var revoked = Client(TestOperators.Revoked);

        await WebhooksApiFactory.ProblemAsync(await anonymous.PostAsJsonAsync("/v1/endpoints", Endpoint), 401, "credentials_required");
        await WebhooksApiFactory.ProblemAsync(await status.GetAsync(new Uri("/v1/endpoints", UriKind.Relative)), 403, "insufficient_role");
        await WebhooksApiFactory.ProblemAsync(await revoked.PostAsJsonAsync("/v1/messages", new { eventType = "golive.status.incident.opened" }), 401, "invalid_credentials");
    }

    [Fact]
    public async Task Reading_a_signing_secret_is_audited_with_the_operators_name()
    {
        var id = await CreateAsync();

        var secret = await factory.CreateClient().GetAsync(new Uri($"/v1/endpoints/{id}/secret", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, secret.StatusCode);
        var read = await factory.Audit.SingleAsync(e => e.Action == "GET /v1/endpoints/{id}/secret" && e.Resource == $"/v1/endpoints/{id}/secret",
            "the secret read is audited");
        Assert.Equal("operator:webhooks-ops", read.Actor);
        await factory.Audit.SingleAsync(e => e.Action == "POST /v1/endpoints" && e.Actor == "operator:webhooks-ops", "the registration is audited");
    }

    [Fact]
    public async Task The_gateway_manages_endpoints_through_its_sidecar_and_no_other_app_does()
    {
        using var gateway = Client(null, caller: "gateway");
        using var flags = Client(null, caller: "flags");
        using var forged = Client(null, caller: "gateway", appToken: false);

        Assert.Equal(HttpStatusCode.Created, (await gateway.PostAsJsonAsync("/v1/endpoints", Endpoint)).StatusCode);
        await WebhooksApiFactory.ProblemAsync(await flags.PostAsJsonAsync("/v1/endpoints", Endpoint), 401, "credentials_required");
        await WebhooksApiFactory.ProblemAsync(await forged.PostAsJsonAsync("/v1/endpoints", Endpoint), 401, "credentials_required");
    }

    [Fact]
    public async Task The_event_catalogue_is_public_and_the_status_subscription_internal()
    {
        using var anonymous = Client(null, appToken: false);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/v1/event-types", UriKind.Relative))).StatusCode);
        await WebhooksApiFactory.ProblemAsync(await anonymous.PostAsJsonAsync("/events/status", new { }), 401, "app_token_required");
    }
}
