using System.Text.Json;
using GoLive.DaprAccess.State;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Webhooks.Tests.Infrastructure;

/// <summary>The real app over HTTP with in-memory state and a fake clock (no sidecar needed for the admin API).</summary>
// Any type of the app assembly names its entry point; the global Program would clash with the runtime's.
public sealed class WebhooksApiFactory : WebApplicationFactory<WebhooksOptions>
{
    public InMemoryStateStore State { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production"); // https required, as outside Development
        builder.UseSetting("Webhooks:AllowLoopback", "true");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStateStore>(State);
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Asserts an RFC 9457 problem with the status and code, and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True(problem.TryGetProperty("correlationId", out _));
        return problem;
    }
}
