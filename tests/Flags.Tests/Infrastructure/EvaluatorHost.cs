using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Flags.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GoLive.Flags.Tests.Infrastructure;

/// <summary>
/// An app using the evaluation client as any GoLive app would (<c>AddFlagsClient</c>, <c>MapFlagsClientEvents</c>),
/// loading its snapshot from the Flags app under test and receiving change events as CloudEvents the way a sidecar
/// delivers them.
/// </summary>
internal sealed class EvaluatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private EvaluatorHost(WebApplication app)
    {
        _app = app;
        _http = app.GetTestClient();
        Client = app.Services.GetRequiredService<FlagsClient>();
    }

    public FlagsClient Client { get; }

    public static async Task<EvaluatorHost> StartAsync(IFlagSnapshotSource source)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(source);
        builder.Services.AddFlagsClient(o => o.RetryInterval = TimeSpan.FromMilliseconds(50));
        builder.Services.AddDaprClient();
        var app = builder.Build();
        app.UseCloudEvents();
        app.MapFlagsClientEvents();
        await app.StartAsync();
        return new EvaluatorHost(app);
    }

    /// <summary>Delivers a change as the sidecar would: a CloudEvent POSTed to the subscription route.</summary>
    public async Task DeliverAsync(FlagsChange change)
    {
        var cloudEvent = new
        {
            specversion = "1.0",
            id = $"flags-{change.CatalogVersion}",
            source = "flags",
            type = change.Type,
            datacontenttype = "application/json",
            data = change,
        };
        using var content = JsonContent.Create(cloudEvent, options: JsonSerializerOptions.Web);
        content.Headers.ContentType = new("application/cloudevents+json");
        using var response = await _http.PostAsync(new Uri("/flags-client/changes", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Loads the snapshot from the Flags app under test over HTTP; <see cref="Down"/> simulates the app being unreachable.</summary>
internal sealed class HttpSnapshotSource(Func<HttpClient> flagsApp) : IFlagSnapshotSource
{
    public bool Down { get; set; }
    public int Loads { get; private set; }

    public async Task<FlagSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        Loads++;
        if (Down)
        {
            throw new HttpRequestException("The Flags app is down.");
        }

        using var http = flagsApp();
        return (await http.GetFromJsonAsync<FlagSnapshot>("/v1/snapshot", JsonSerializerOptions.Web, cancellationToken))!;
    }
}
