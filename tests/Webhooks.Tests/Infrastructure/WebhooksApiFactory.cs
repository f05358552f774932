using System.Text.Json;
using GoLive.DaprAccess.State;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Webhooks.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP with in-memory state, a fake clock, the test operators and an audit recorder (no sidecar needed
/// for the admin API). Clients call as the sidecar does (app token) and as operator <see cref="Operator"/> (webhooks:admin).
/// </summary>
// Any type of the app assembly names its entry point; the global Program would clash with the runtime's.
public sealed class WebhooksApiFactory : WebApplicationFactory<WebhooksOptions>
{
    public InMemoryStateStore State { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public RecordedAudit Audit { get; } = new();

    public static TestOperator Operator { get; } = TestOperators.Create("webhooksops", "webhooks-ops", [GoLive.ServiceDefaults.Operators.OperatorRoles.WebhooksAdmin]);

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsSidecar().DefaultRequestHeaders.Authorization = Operator.Authorization;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production"); // https required, as outside Development
        builder.UseSetting("Webhooks:AllowLoopback", "true");
        builder.UseSetting("APP_API_TOKEN", TestAppToken.Value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStateStore>(State);
            services.AddSingleton<TimeProvider>(Clock);
            services.UseTestOperators(Operator);
            services.RecordAudit(Audit);
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
