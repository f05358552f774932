using System.Net;
using System.Text.Json;
using Dapr;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Secrets;

[Collection(RuntimeCollection.Name)]
public sealed class SecretsTests(RuntimeFixture runtime)
{
    [Fact]
    public async Task File_store_answers_a_flat_secret_under_its_own_name()
    {
        var secret = await runtime.Client.GetSecretAsync("localsecrets", "api-key");

        Assert.Equal(new Dictionary<string, string> { ["api-key"] = "fake-api-key" }, secret);
    }

    [Fact]
    public async Task File_store_flattens_nested_values_with_the_default_separator()
    {
        var password = await runtime.Client.GetSecretAsync("localsecrets", "db:password");
        var firstHost = await runtime.Client.GetSecretAsync("localsecrets", "hosts:0");

        Assert.Equal("fake-db-password", password["db:password"]);
        Assert.Equal("a.local", firstHost["hosts:0"]);
    }

    [Fact]
    public async Task File_store_bulk_returns_every_flattened_secret()
    {
        var all = await runtime.Client.GetBulkSecretAsync("localsecrets");

        Assert.Equal("golive", all["db:user"]["db:user"]);
        Assert.Equal("5432", all["port"]["port"]);
        Assert.Equal("b.local", all["hosts:1"]["hosts:1"]);
        Assert.DoesNotContain("db", all.Keys);
    }

    [Fact]
    public async Task Http_get_secret_answers_a_json_map()
    {
        var json = await runtime.SidecarHttp.GetStringAsync("/v1.0/secrets/localsecrets/db:password?metadata.version_id=1");

        Assert.Equal("""{"db:password":"fake-db-password"}""", json);
    }

    [Fact]
    public async Task Http_bulk_answers_a_json_map_of_maps()
    {
        var json = await runtime.SidecarHttp.GetStringAsync("/v1.0/secrets/localsecrets/bulk");
        var all = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(json)!;

        Assert.Equal("fake-api-key", all["api-key"]["api-key"]);
    }

    [Fact]
    public async Task Env_store_reads_variables_with_its_prefix_and_names_them_without_it()
    {
        Environment.SetEnvironmentVariable("GOLIVE_TEST_SECRET_SMTP_PASSWORD", "fake-smtp");
        Environment.SetEnvironmentVariable("GOLIVE_OTHER_SETTING", "not-a-secret");
        Dictionary<string, string> secret;
        Dictionary<string, Dictionary<string, string>> all;
        try
        {
            secret = await runtime.Client.GetSecretAsync("envsecrets", "SMTP_PASSWORD");
            all = await runtime.Client.GetBulkSecretAsync("envsecrets");
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOLIVE_TEST_SECRET_SMTP_PASSWORD", null);
            Environment.SetEnvironmentVariable("GOLIVE_OTHER_SETTING", null);
        }

        Assert.Equal("fake-smtp", secret["SMTP_PASSWORD"]);
        Assert.Equal("fake-smtp", all["SMTP_PASSWORD"]["SMTP_PASSWORD"]);
        Assert.All(all.Keys, k => Assert.DoesNotContain("GOLIVE_", k));
    }

    [Fact]
    public async Task Missing_secret_fails_with_err_secret_get_over_grpc_and_http()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => runtime.Client.GetSecretAsync("localsecrets", "no-such-secret"));
        using var response = await runtime.SidecarHttp.GetAsync("/v1.0/secrets/localsecrets/no-such-secret");

        Assert.Contains("ERR_SECRET_GET", error.InnerException!.Message);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("\"errorCode\":\"ERR_SECRET_GET\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_store_fails_with_err_secret_store_not_found()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => runtime.Client.GetSecretAsync("no-such-store", "x"));
        using var response = await runtime.SidecarHttp.GetAsync("/v1.0/secrets/no-such-store/bulk");

        Assert.Contains("ERR_SECRET_STORE_NOT_FOUND", error.InnerException!.Message);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("ERR_SECRET_STORE_NOT_FOUND", await response.Content.ReadAsStringAsync());
    }
}
