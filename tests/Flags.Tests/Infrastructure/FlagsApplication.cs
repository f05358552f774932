extern alias flagsapp;

using System.Net.Http.Json;
using System.Text.Json;
using flagsapp::GoLive.Flags.Admin;
using GoLive.DaprAccess.State;
using GoLive.Flags.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Flags.Tests.Infrastructure;

/// <summary>The Flags app over HTTP with the catalog in memory, a fixed admin key and a controllable clock.</summary>
internal sealed class FlagsApplication : WebApplicationFactory<flagsapp::Program>
{
    public const string AdminKeyValue = "test-admin-key";

    /// <summary>The app's state store: the catalog and, as <see cref="Changes"/>, the events its outbox published.</summary>
    public InMemoryStateStore Store { get; } = new();

    /// <summary>Every committed change, in commit order.</summary>
    public IReadOnlyList<FlagsChange> Changes => [.. Store.Published.Select(ChangeOf)];

    public static FlagsChange ChangeOf(PublishedEvent published) => published.Data.Deserialize<FlagsChange>(JsonSerializerOptions.Web)!;
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(AdminKey.Header, AdminKeyValue);
        client.DefaultRequestHeaders.Add(AdminKey.ActorHeader, "ana@golive.dev");
        return client;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IStateStore>();
            services.AddSingleton<IStateStore>(Store);
            services.RemoveAll<IAdminKeySource>();
            services.AddSingleton<IAdminKeySource>(new FixedAdminKey(AdminKeyValue));
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }
}

internal sealed class FixedAdminKey(string key) : flagsapp::GoLive.Flags.Admin.IAdminKeySource
{
    public Task<string?> GetAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(key);
}
