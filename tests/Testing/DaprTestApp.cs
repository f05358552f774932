using Dapr.Client;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Testing;

/// <summary>
/// A GoLive app (its real <c>Program</c>) on a real Kestrel port behind a real local sidecar: the app talks to the sidecar
/// through the official Dapr SDK exactly as it does under daprd, and the test talks to both over HTTP.
/// <example><code>
/// await using var platform = new TestPlatform();
/// var status = await platform.StartAsync&lt;Program&gt;("status");
/// var response = await status.App.PostAsJsonAsync("/v1/samples", batch);
/// </code></example>
/// </summary>
public sealed class DaprTestApp : IAsyncDisposable
{
    private readonly IAsyncDisposable _factory;

    internal DaprTestApp(string appId, Sidecar sidecar, IAsyncDisposable factory, IServiceProvider services, int appPort, PlatformTokens? tokens)
    {
        AppId = appId;
        Sidecar = sidecar;
        _factory = factory;
        Services = services;
        AppPort = appPort;
        Direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}") };
        App = new HttpClient { BaseAddress = Direct.BaseAddress };
        Operator = TestOperators.Admin.Client(App.BaseAddress);
        SidecarHttp = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };
        var dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint);
        if (tokens is not null)
        {
            App.DefaultRequestHeaders.Add(TokenHeader, tokens.AppApiToken);
            SidecarHttp.DefaultRequestHeaders.Add(TokenHeader, tokens.DaprApiToken);
            dapr.UseDaprApiToken(tokens.DaprApiToken);
        }

        Dapr = dapr.Build();
    }

    private const string TokenHeader = "dapr-api-token";

    public string AppId { get; }
    public Sidecar Sidecar { get; }
    public int AppPort { get; }
    /// <summary>The app's own services (stores, clocks) for assertions; prefer the HTTP surface.</summary>
    public IServiceProvider Services { get; }
    /// <summary>Calls the app as its sidecar does (with the app token when the platform has one).</summary>
    public HttpClient App { get; }
    /// <summary>Calls the app's port directly without any token, as a browser, an operator or an attacker on the network would.</summary>
    public HttpClient Direct { get; }
    /// <summary>Calls the app directly as an operator holding every role (<see cref="TestOperators.Admin"/>), without the app token.</summary>
    public HttpClient Operator { get; }
    /// <summary>Calls the app's sidecar's HTTP API (invoke, state, publish).</summary>
    public HttpClient SidecarHttp { get; }
    /// <summary>A Dapr client on the app's sidecar: what another service's code would use.</summary>
    public DaprClient Dapr { get; }

    internal static async Task<DaprTestApp> StartAsync<TProgram>(RuntimeHost host, string appId, string[] resourcesPaths,
        IReadOnlyDictionary<string, string?> settings, PlatformTokens? tokens, string? configurationPath, Action<IWebHostBuilder>? configure,
        CancellationToken cancellationToken)
        where TProgram : class
    {
        // A port can be taken between choosing and binding it, and the test server's start can race: try a fresh pair again.
        for (var attempt = 1; ; attempt++)
        {
            var appPort = FreePort.Next();
            var sidecar = await host.StartSidecarAsync(new SidecarOptions
            {
                AppId = appId, AppPort = appPort, ResourcesPaths = resourcesPaths, ConfigPath = configurationPath,
                ApiToken = tokens?.DaprApiToken, AppApiToken = tokens?.AppApiToken,
            }, cancellationToken);
            var factory = new KestrelAppFactory<TProgram>(appId, sidecar, settings, tokens, configure);
            factory.UseKestrel(appPort);
            await StartGate.WaitAsync(cancellationToken);
            try
            {
                factory.StartServer();
            }
            catch (Exception e) when (attempt < 3 && IsStartRace(e))
            {
                await factory.DisposeAsync();
                await sidecar.DisposeAsync();
                continue;
            }
            finally
            {
                StartGate.Release();
            }
            await sidecar.WaitForReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return new DaprTestApp(appId, sidecar, factory, factory.Services, appPort, tokens);
        }
    }

    private static bool IsStartRace(Exception e) =>
        e is IOException || (e is InvalidOperationException && e.Message.Contains("IServerAddressesFeature", StringComparison.Ordinal));

    private static readonly SemaphoreSlim StartGate = new(1, 1);

    /// <summary>Stops the app (its sidecar keeps running, as when the process dies under daprd).</summary>
    public async ValueTask StopAppAsync() => await _factory.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        App.Dispose();
        Direct.Dispose();
        Operator.Dispose();
        SidecarHttp.Dispose();
        Dapr.Dispose();
        await _factory.DisposeAsync();
        await Sidecar.DisposeAsync();
    }

    private sealed class KestrelAppFactory<TProgram>(string appId, Sidecar sidecar, IReadOnlyDictionary<string, string?> settings,
        PlatformTokens? tokens, Action<IWebHostBuilder>? configure) : WebApplicationFactory<TProgram> where TProgram : class
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("APP_ID", appId);
            builder.UseSetting("DAPR_HTTP_ENDPOINT", sidecar.HttpEndpoint);
            builder.UseSetting("DAPR_GRPC_ENDPOINT", sidecar.GrpcEndpoint);
            if (tokens is not null)
            {
                builder.UseSetting("DAPR_API_TOKEN", tokens.DaprApiToken);
                builder.UseSetting("APP_API_TOKEN", tokens.AppApiToken);
            }
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureServices(services =>
            {
                // The app registered its DaprClient from configuration read early; point it at this sidecar explicitly.
                services.RemoveAll<DaprClient>();
                services.AddDaprClient(b =>
                {
                    b.UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint);
                    if (tokens is not null)
                    {
                        b.UseDaprApiToken(tokens.DaprApiToken);
                    }
                });
            });
            configure?.Invoke(builder);
        }
    }
}
