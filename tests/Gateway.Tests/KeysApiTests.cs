using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoLive.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class KeysApiTests(GatewayPlatform platform)
{
    [Fact]
    public async Task A_created_key_calls_a_route_it_has_the_scope_for()
    {
        var (key, _) = await platform.CreateKeyAsync(["status:read"]);
        using var partner = platform.PartnerClient(key);

        var response = await partner.GetAsync("/v1/up/hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_admin_api_needs_an_operator_with_gateway_admin()
    {
        using var anonymous = new HttpClient { BaseAddress = platform.Gateway.App.BaseAddress };
        using var revoked = TestOperators.Revoked.Client(platform.Gateway.App.BaseAddress!);
        using var flagsAdmin = TestOperators.With(GoLive.ServiceDefaults.Operators.OperatorRoles.FlagsAdmin).Client(platform.Gateway.App.BaseAddress!);
        using var partner = platform.PartnerClient((await platform.CreateKeyAsync(["status:read"], organizationId: "admin-probe")).Key);

        await Problem.AssertAsync(await anonymous.GetAsync("/admin/keys"), HttpStatusCode.Unauthorized, "credentials_required");
        await Problem.AssertAsync(await revoked.PostAsJsonAsync("/admin/keys", new { name = "x" }), HttpStatusCode.Unauthorized, "invalid_credentials");
        await Problem.AssertAsync(await partner.GetAsync("/admin/keys"), HttpStatusCode.Unauthorized, "invalid_credentials");
        await Problem.AssertAsync(await flagsAdmin.GetAsync("/admin/keys"), HttpStatusCode.Forbidden, "insufficient_role");
    }

    [Fact]
    public async Task Listing_shows_the_prefix_but_never_the_key_or_its_hash()
    {
        var (key, id) = await platform.CreateKeyAsync(["status:read"], organizationId: "listing-org");

        var text = await platform.Admin.GetStringAsync("/admin/keys?organizationId=listing-org");

        Assert.Contains(key[..17], text, StringComparison.Ordinal);
        Assert.Contains(id, text, StringComparison.Ordinal);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Invalid_key_requests_get_validation_problems_and_create_nothing()
    {
        var before = await platform.Admin.GetStringAsync("/admin/keys?organizationId=bad-org");

        var response = await platform.Admin.PostAsJsonAsync("/admin/keys",
            new { name = "", organizationId = "bad-org", scopes = new[] { "NOT A SCOPE" }, expiresAt = "2000-01-01T00:00:00Z" });

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("scopes", out _));
        Assert.True(errors.TryGetProperty("expiresAt", out _));
        Assert.Equal(before, await platform.Admin.GetStringAsync("/admin/keys?organizationId=bad-org"));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var (key, id) = await platform.CreateKeyAsync(["status:read"]);
        using var partner = platform.PartnerClient(key);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/v1/up/hello")).StatusCode);

        (await platform.Admin.PostAsync($"/admin/keys/{id}/revoke", null)).EnsureSuccessStatusCode();

        await Problem.AssertAsync(await partner.GetAsync("/v1/up/hello"), HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task After_rotation_old_and_new_keys_work_during_the_overlap_and_only_the_new_one_after()
    {
        var (oldKey, id) = await platform.CreateKeyAsync(["status:read"]);
        var rotated = await platform.Admin.PostAsJsonAsync($"/admin/keys/{id}/rotate", new { overlapSeconds = 60 });
        var newKey = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var oldPartner = platform.PartnerClient(oldKey);
        using var newPartner = platform.PartnerClient(newKey);

        Assert.Equal(oldKey[..17], newKey[..17]);
        Assert.Equal(HttpStatusCode.OK, (await oldPartner.GetAsync("/v1/up/hello")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newPartner.GetAsync("/v1/up/hello")).StatusCode);

        platform.Clock.Advance(TimeSpan.FromSeconds(61));

        await Problem.AssertAsync(await oldPartner.GetAsync("/v1/up/hello"), HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Equal(HttpStatusCode.OK, (await newPartner.GetAsync("/v1/up/hello")).StatusCode);
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var (key, _) = await platform.CreateKeyAsync(["status:read"], expiresAt: platform.Clock.GetUtcNow().AddMinutes(5));
        using var partner = platform.PartnerClient(key);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/v1/up/hello")).StatusCode);

        platform.Clock.Advance(TimeSpan.FromMinutes(6));

        await Problem.AssertAsync(await partner.GetAsync("/v1/up/hello"), HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task Unknown_wrong_secret_and_malformed_keys_get_the_same_answer()
    {
        var (key, _) = await platform.CreateKeyAsync(["status:read"]);
        var wrongSecret = key[..17] + new string('x', 32);
        var unknown = "glk_test_ZZZZZZZZ" + new string('y', 32);

        var details = new List<string>();
        foreach (var presented in new[] { wrongSecret, unknown, "not-a-key", "" })
        {
            using var partner = platform.PartnerClient(presented.Length == 0 ? "x" : presented);
            var problem = await Problem.AssertAsync(await partner.GetAsync("/v1/up/hello"), HttpStatusCode.Unauthorized, "invalid_api_key");
            details.Add(problem.GetProperty("detail").GetString()!);
        }

        Assert.Single(details.Distinct());
    }

    [Fact]
    public async Task Revocation_reaches_a_second_gateway_instance_within_a_second()
    {
        var (key, id) = await platform.CreateKeyAsync(["status:read"]);
        await using var second = await platform.StartGatewayAsync();
        using var partner = new HttpClient { BaseAddress = second.App.BaseAddress };
        partner.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/v1/up/hello")).StatusCode);

        (await platform.Admin.PostAsync($"/admin/keys/{id}/revoke", null)).EnsureSuccessStatusCode();
        // The event evicts it at once; at worst the one-second cache runs out.
        platform.Clock.Advance(TimeSpan.FromSeconds(1.1));

        await Problem.AssertAsync(await partner.GetAsync("/v1/up/hello"), HttpStatusCode.Unauthorized, "invalid_api_key");
    }
}
