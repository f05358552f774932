using System.Net;
using System.Text.Json;

namespace GoLive.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ApiDocumentsTests(GatewayPlatform platform)
{
    [Fact]
    public async Task The_document_merges_the_gateway_with_the_public_routes_of_each_app_and_skips_missing_ones()
    {
        using var client = new HttpClient { BaseAddress = platform.Gateway.App.BaseAddress };

        var document = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/admin/keys", out _));
        Assert.True(paths.TryGetProperty("/v1/up/hello", out var hello));
        Assert.Equal("status:read", hello.GetProperty("get").GetProperty("x-required-scope").GetString());
        Assert.False(paths.TryGetProperty("/internal/secret", out _));
        Assert.False(paths.TryGetProperty("/v1/up/internal/secret", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("upstream.Hello", out _));
        Assert.Contains("#/components/schemas/upstream.Hello", hello.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reference_page_is_served_without_the_internet()
    {
        using var client = new HttpClient { BaseAddress = platform.Gateway.App.BaseAddress };

        var response = await client.GetAsync("/docs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        Assert.True(html.Contains("openapi/v1.json", StringComparison.Ordinal), html);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/scalar.js")).StatusCode);
    }
}
