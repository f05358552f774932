extern alias compliance;
extern alias flags;
extern alias gateway;
extern alias status;
extern alias webhooks;
using System.Text.Json;

namespace GoLive.Gateway.Tests;

/// <summary>
/// The partner document with the real apps behind their sidecars and the gateway on its shipped routes (appsettings.json):
/// each app's public routes appear under their public paths, scoped and with an example; nothing else of theirs does.
/// </summary>
public sealed class PlatformDocumentTests
{
    private static readonly Dictionary<string, string> Secrets = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            File.ReadAllText(Path.Combine(RequiredTools.RepositoryRoot, "components", "local", "secrets.json")))!
        .Where(s => s.Value.ValueKind == JsonValueKind.String)
        .ToDictionary(s => s.Key, s => s.Value.GetString()!);

    // With tokens on (as the launcher runs the platform) the gateway must fetch each app's document with its API token.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_aggregate_contains_the_public_routes_of_flags_status_webhooks_and_compliance(bool secured)
    {
        await using var platform = new TestPlatform(["gateway", "flags", "status", "webhooks", "compliance"], Secrets, secured: secured);
        await platform.StartAsync<flags::Program>("flags");
        await platform.StartAsync<status::Program>("status");
        await platform.StartAsync<webhooks::Program>("webhooks");
        await platform.StartAsync<compliance::Program>("compliance");
        var gatewayApp = await platform.StartAsync<gateway::Program>("gateway");

        var document = JsonSerializer.Deserialize<JsonElement>(await gatewayApp.App.GetStringAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths");
        AssertOperation(paths, "/v1/flags/evaluate/{key}", "post", "flags:evaluate");
        AssertOperation(paths, "/v1/flags/evaluate", "post", "flags:evaluate");
        AssertOperation(paths, "/v1/status/slos", "get", "status:read");
        AssertOperation(paths, "/v1/status/incidents", "get", "status:read");
        AssertOperation(paths, "/v1/webhooks/endpoints", "post", "webhooks:manage");
        AssertOperation(paths, "/v1/webhooks/messages/{id}", "get", "webhooks:manage");
        AssertOperation(paths, "/v1/compliance/entries", "get", "analytics:read");
        // Admin and write routes of the apps are not public: the routes allow only evaluation and reads.
        Assert.False(paths.TryGetProperty("/v1/flags/flags", out _));
        Assert.False(paths.TryGetProperty("/v1/flags/snapshot", out _));
        Assert.False(paths.GetProperty("/v1/status/incidents").TryGetProperty("post", out _));
        Assert.False(paths.TryGetProperty("/v1/compliance/audit-events", out _));
        // Partners read the log (entries, proofs, heads, keys), never data-subject requests or consents.
        AssertOperation(paths, "/v1/compliance/tree-heads/latest", "get", "analytics:read");
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/v1/compliance/data-subject-requests", StringComparison.Ordinal)
            || p.Name.StartsWith("/v1/compliance/consents", StringComparison.Ordinal));
        Assert.False(paths.TryGetProperty("/v1/status/samples", out _));
        // The gateway's own admin API, for operators.
        var create = paths.GetProperty("/admin/keys").GetProperty("post");
        Assert.True(create.GetProperty("security")[0].TryGetProperty("operatorKey", out _));
        Assert.Contains("Authorization: Bearer $OPERATOR_KEY", create.GetProperty("x-codeSamples")[0].GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("partnerKey").GetProperty("scheme").GetString());
    }

    private static void AssertOperation(JsonElement paths, string path, string verb, string scope)
    {
        Assert.True(paths.TryGetProperty(path, out var item), $"{path} is missing; paths: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        Assert.True(item.TryGetProperty(verb, out var operation), $"{verb} {path} is missing");
        Assert.Equal(scope, operation.GetProperty("x-required-scope").GetString());
        Assert.Equal(scope, operation.GetProperty("security")[0].GetProperty("partnerKey")[0].GetString());
        var example = operation.GetProperty("x-codeSamples")[0].GetProperty("source").GetString()!;
        Assert.Contains(path, example, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer $KEY", example, StringComparison.Ordinal);
    }
}
