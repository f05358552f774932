extern alias flagsapp;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using GoLive.Flags.Client;
using GoLive.Flags.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Flags.Tests;

public sealed class FlagsApiTests : IAsyncLifetime
{
    private const string CheckoutFlag = """
        {"key":"new-checkout","type":"boolean","variants":{"on":true,"off":false},"defaultVariant":"off",
         "service":"payments",
         "rules":[{"conditions":[{"attribute":"organisation","operator":"in","values":["acme"]}],"serve":{"variant":"on"}}]}
        """;

    private readonly FlagsApplication _app = new();
    private HttpClient _admin = null!;

    public Task InitializeAsync()
    {
        _admin = _app.Admin();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_created_flag_is_evaluated_by_its_rules_over_http()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post(_admin, "/v1/flags", CheckoutFlag)).StatusCode);

        var acme = await FlagsApplication.Json(await Post(_admin, "/v1/evaluate/new-checkout", """{"context":{"organisation":"acme"}}"""));
        var other = await FlagsApplication.Json(await Post(_admin, "/v1/evaluate/new-checkout", """{"context":{"organisation":"initech"}}"""));

        Assert.True(acme.GetProperty("value").GetBoolean());
        Assert.Equal("TARGETING_MATCH", acme.GetProperty("reason").GetString());
        Assert.False(other.GetProperty("value").GetBoolean());
        Assert.Equal("DEFAULT", other.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Kill_switch_turns_the_flag_off_and_publishes_an_audited_change()
    {
        await Post(_admin, "/v1/flags", CheckoutFlag);

        var killed = await Post(_admin, "/v1/flags/new-checkout/kill", """{"reason":"checkout errors"}""");
        var result = await FlagsApplication.Json(await Post(_admin, "/v1/evaluate/new-checkout", """{"context":{"organisation":"acme"}}"""));

        Assert.Equal(HttpStatusCode.OK, killed.StatusCode);
        Assert.Equal("DISABLED", result.GetProperty("reason").GetString());
        Assert.False(result.GetProperty("value").GetBoolean());
        var change = _app.Changes[^1];
        Assert.Equal((FlagsChange.FlagChanged, "ana@golive.dev", "checkout errors"), (change.Type, change.Actor, change.Reason));
        Assert.Equal((true, false), (change.Before!.Enabled, change.After!.Enabled));
        Assert.Equal(_app.Time.GetUtcNow(), change.At);
    }

    [Fact]
    public async Task Killing_a_flag_twice_publishes_one_change()
    {
        await Post(_admin, "/v1/flags", CheckoutFlag);

        await Post(_admin, "/v1/flags/new-checkout/kill", "");
        await Post(_admin, "/v1/flags/new-checkout/kill", "");

        Assert.Equal(2, _app.Changes.Count);
    }

    [Fact]
    public async Task Bulk_evaluation_and_the_snapshot_carry_the_catalog_version()
    {
        await Post(_admin, "/v1/flags", CheckoutFlag);

        var bulk = await FlagsApplication.Json(await Post(_admin, "/v1/evaluate", """{"context":{"organisation":"acme"},"flags":["new-checkout","missing"]}"""));
        var snapshot = await _app.CreateClient().GetFromJsonAsync<FlagSnapshot>("/v1/snapshot");

        Assert.Equal(1, bulk.GetProperty("snapshotVersion").GetInt64());
        Assert.Equal("FLAG_NOT_FOUND", bulk.GetProperty("flags")[1].GetProperty("errorCode").GetString());
        Assert.Equal(1, snapshot!.Version);
        Assert.Equal("new-checkout", Assert.Single(snapshot.Flags).Key);
    }

    [Theory]
    [InlineData("/v1/flags", "{not json", "invalid_json")]
    [InlineData("/v1/flags", """{"key":"Bad Key!","variants":{"on":true},"defaultVariant":"on"}""", "invalid_flag")]
    [InlineData("/v1/flags", """{"key":"f","variants":{"on":true},"defaultVariant":"missing"}""", "invalid_flag")]
    [InlineData("/v1/flags", """{"key":"f","variants":{"on":"yes"},"defaultVariant":"on"}""", "invalid_flag")]
    [InlineData("/v1/flags", """{"key":"f","variants":{"on":true},"defaultVariant":"on","rules":[{"conditions":[{"attribute":"v","operator":"semver_gt","values":["x"]}],"serve":{"variant":"on"}}]}""", "invalid_flag")]
    [InlineData("/v1/flags", """{"key":"f","variants":{"on":true},"defaultVariant":"on","rules":[{"conditions":[{"attribute":"v","operator":"no_such_op","values":["x"]}],"serve":{"variant":"on"}}]}""", "invalid_json")]
    [InlineData("/v1/flags/missing/kill", "", "flag_not_found")]
    [InlineData("/v1/evaluate/new-checkout", """{"context":{"attributes":{"age":{"nested":1}}}}""", "invalid_json")]
    public async Task Bad_input_gets_a_problem_with_a_stable_code_and_changes_nothing(string path, string body, string code)
    {
        var response = await Post(_admin, path, body);
        var problem = await FlagsApplication.Json(response);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Empty(_app.Changes);
    }

    [Fact]
    public async Task Admin_routes_refuse_no_key_an_invalid_key_and_an_operator_without_flags_admin()
    {
        var anonymous = _app.CreateClient();
        var expired = _app.CreateClient();
        expired.DefaultRequestHeaders.Authorization = TestOperators.Expired.Authorization;
        var statusOperator = _app.CreateClient();
        statusOperator.DefaultRequestHeaders.Authorization = TestOperators.With(GoLive.ServiceDefaults.Operators.OperatorRoles.StatusOperate).Authorization;

        var none = await Post(anonymous, "/v1/flags", CheckoutFlag);
        var refused = await expired.GetAsync(new Uri("/v1/flags", UriKind.Relative));
        var forbidden = await Post(statusOperator, "/v1/flags", CheckoutFlag);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("credentials_required", (await FlagsApplication.Json(none)).GetProperty("code").GetString());
        Assert.Equal("invalid_credentials", (await FlagsApplication.Json(refused)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("insufficient_role", (await FlagsApplication.Json(forbidden)).GetProperty("code").GetString());
        Assert.Empty(_app.Changes);
    }

    [Fact]
    public async Task Every_admin_change_is_an_audit_event_naming_the_operator()
    {
        await Post(_admin, "/v1/flags", CheckoutFlag);

        var recorded = await _app.Audit.SingleAsync(e => e.Action == "POST /v1/flags", "the change is audited");

        Assert.Equal("operator:ana@golive.dev", recorded.Actor);
        Assert.Equal("/v1/flags", recorded.Resource);
        Assert.Equal("success", recorded.Outcome);
    }

    [Fact]
    public async Task Evaluation_and_the_snapshot_are_internal_reached_only_through_the_sidecar()
    {
        using var direct = _app.CreateClient();
        direct.DefaultRequestHeaders.Remove(TestAppToken.Header);
        direct.DefaultRequestHeaders.Authorization = FlagsApplication.Ana.Authorization;

        var snapshot = await direct.GetAsync(new Uri("/v1/snapshot", UriKind.Relative));
        var evaluation = await Post(direct, "/v1/evaluate/new-checkout", """{"context":{"targetingKey":"u1"}}""");

        Assert.Equal(HttpStatusCode.Unauthorized, snapshot.StatusCode);
        Assert.Equal("app_token_required", (await FlagsApplication.Json(evaluation)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_segment_in_use_cannot_be_deleted()
    {
        await Put(_admin, "/v1/segments/beta", """{"key":"beta","included":["u1"]}""");
        await Post(_admin, "/v1/flags", """
            {"key":"f","variants":{"on":true,"off":false},"defaultVariant":"off",
             "rules":[{"conditions":[{"attribute":"","operator":"in_segment","values":["beta"]}],"serve":{"variant":"on"}}]}
            """);

        var deleted = await _admin.DeleteAsync(new Uri("/v1/segments/beta", UriKind.Relative));
        var u1 = await FlagsApplication.Json(await Post(_admin, "/v1/evaluate/f", """{"context":{"targetingKey":"u1"}}"""));

        Assert.Equal(HttpStatusCode.Conflict, deleted.StatusCode);
        Assert.True(u1.GetProperty("value").GetBoolean());
    }

    [Fact]
    public async Task A_scheduled_change_applies_when_its_time_comes()
    {
        await Post(_admin, "/v1/flags", CheckoutFlag);
        var at = _app.Time.GetUtcNow().AddHours(1);
        var scheduled = await Post(_admin, "/v1/flags/new-checkout/schedules", $$"""{"applyAt":"{{at:O}}","enabled":false,"reason":"end of promo"}""");
        var scheduler = _app.Services.GetRequiredService<flagsapp::GoLive.Flags.Schedules.FlagScheduler>();

        var early = await scheduler.RunDueAsync(CancellationToken.None);
        _app.Time.Advance(TimeSpan.FromHours(1));
        await scheduler.RunDueAsync(CancellationToken.None); // the background loop may have applied it first; either way once

        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        Assert.Empty(early);
        var change = Assert.Single(_app.Changes, c => c.Reason == "end of promo" && c.Type == FlagsChange.FlagChanged);
        Assert.False(change.After!.Enabled);
        Assert.Empty(await _admin.GetFromJsonAsync<List<object>>("/v1/schedules") ?? []);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string json) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> Put(HttpClient client, string path, string json) =>
        client.PutAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
}
