extern alias flagsapp;

using System.Net.Http.Json;
using System.Text.Json;
using GoLive.DaprAccess.State;
using GoLive.Flags.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Flags.Tests.Infrastructure;

/// <summary>
/// The Flags app over HTTP with the catalog in memory, test operators and a controllable clock. Clients call as the
/// sidecar does (with the app token); <see cref="Admin"/> also presents the key of operator <c>ana@golive.dev</c> (flags:admin).
/// </summary>
internal sealed class FlagsApplication : WebApplicationFactory<flagsapp::Program>
{
    public static readonly TestOperator Ana = TestOperators.Create("ana0001", "ana@golive.dev", [GoLive.ServiceDefaults.Operators.OperatorRoles.FlagsAdmin]);

    /// <summary>The app's state store: the catalog and, as <see cref="Changes"/>, the events its outbox published.</summary>
    public InMemoryStateStore Store { get; } = new();

    /// <summary>Every committed change, in commit order.</summary>
    public IReadOnlyList<FlagsChange> Changes => [.. Store.Published.Select(ChangeOf)];

    public static FlagsChange ChangeOf(PublishedEvent published) => published.Data.Deserialize<FlagsChange>(JsonSerializerOptions.Web)!;

    public RecordedAudit Audit { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = Ana.Authorization;
        return client;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsSidecar();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("APP_API_TOKEN", TestAppToken.Value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IStateStore>();
            services.AddSingleton<IStateStore>(Store);
            services.UseTestOperators(Ana);
            services.RecordAudit(Audit);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }
}
