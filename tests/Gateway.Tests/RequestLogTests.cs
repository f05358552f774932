extern alias gateway;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace GoLive.Gateway.Tests;

public sealed class RequestLogTests
{
    private sealed class CapturedLog : ILogEventSink
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void Emit(LogEvent logEvent)
        {
            using var writer = new StringWriter();
            new CompactJsonFormatter().Format(logEvent, writer);
            Lines.Enqueue(writer.ToString());
        }
    }

    [Fact]
    public async Task Logs_name_keys_by_prefix_and_never_contain_keys_secrets_or_bodies()
    {
        var log = new CapturedLog();
        await using var platform = new GatewayPlatform();
        await platform.InitializeAsync();
        await using var gateway = await platform.Platform.StartAsync<gateway::Program>("gateway", GatewayPlatform.Settings(1000),
            web => web.ConfigureServices(services => services.AddSingleton<ILogEventSink>(log)));
        using var admin = new HttpClient { BaseAddress = gateway.App.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = GatewayPlatform.Operator.Authorization;
        var created = await admin.PostAsJsonAsync("/admin/keys", new { name = "jane@example.com", organizationId = "acme", scopes = new[] { "status:read" } });
        var key = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;
        using var partner = new HttpClient { BaseAddress = gateway.App.BaseAddress };
        partner.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/v1/up/echo?email=jane@example.com")).StatusCode);
        await partner.PostAsJsonAsync("/v1/orders", new { card = "4242424242424242" });
        await partner.GetAsync("/v1/nowhere/x?email=jane@example.com");
        using var wrong = new HttpClient { BaseAddress = gateway.App.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", key[..^2] + "zz");
        await wrong.GetAsync("/v1/up/hello");

        await Eventually.TrueAsync(() => Task.FromResult(log.Lines.Any(l => l.Contains(key[..17], StringComparison.Ordinal))),
            TimeSpan.FromSeconds(5), "the request log names the key prefix");
        var all = string.Join("\n", log.Lines);
        Assert.DoesNotContain(key, all, StringComparison.Ordinal);
        Assert.DoesNotContain(key[..^2] + "zz", all, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayPlatform.Operator.Key, all, StringComparison.Ordinal);
        Assert.DoesNotContain("test-pepper", all, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.com", all, StringComparison.Ordinal);
        Assert.DoesNotContain("4242424242424242", all, StringComparison.Ordinal);
    }
}
