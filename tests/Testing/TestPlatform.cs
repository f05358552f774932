using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Hosting;

namespace GoLive.Testing;

/// <summary>
/// A local runtime for one test or fixture: starts apps behind sidecars that share its components (so the in-memory
/// pub/sub connects them), and cleans everything up. Components default to <see cref="DefaultComponents"/> for the
/// app ids given; pass a folder of your own YAML (placeholders filled by <see cref="TestComponents"/>) to change that.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    readonly List<DaprTestApp> _apps = [];

    public TestPlatform(IEnumerable<string>? appIds = null, IReadOnlyDictionary<string, string>? secrets = null, string? componentsDirectory = null)
    {
        ComponentsDirectory = componentsDirectory
            ?? DefaultComponents.Write(Path.Combine(TempDirectory, "components"), appIds ?? [], secrets);
    }

    public RuntimeHost Host { get; } = new();

    /// <summary>
    /// When set, every sidecar presents it to its app and every app gets it as <c>APP_API_TOKEN</c>, as under daprd with
    /// <c>--app-api-token</c>: internal routes then answer only calls through the sidecar.
    /// </summary>
    public string? AppApiToken { get; init; }
    public string TempDirectory { get; } = Directory.CreateTempSubdirectory("golive-test-").FullName;
    public string ComponentsDirectory { get; }

    /// <summary>Starts <typeparamref name="TProgram"/> as <paramref name="appId"/> behind its own sidecar.</summary>
    /// <param name="settings">Configuration for the app (e.g. <c>["Slos:0:Target"] = "0.99"</c>).</param>
    /// <param name="configure">Further web host changes (e.g. replacing <c>TimeProvider</c> with a fake clock).</param>
    public async Task<DaprTestApp> StartAsync<TProgram>(string appId, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IWebHostBuilder>? configure = null, CancellationToken cancellationToken = default) where TProgram : class
    {
        var appSettings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (AppApiToken is not null) appSettings.TryAdd("APP_API_TOKEN", AppApiToken);
        var app = await DaprTestApp.StartAsync<TProgram>(Host, appId, [ComponentsDirectory], appSettings, AppApiToken, configure, cancellationToken);
        _apps.Add(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            try { await app.DisposeAsync(); }
            catch (ObjectDisposedException) { /* stopped by the test */ }
        }
        await Host.DisposeAsync();
        try { Directory.Delete(TempDirectory, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
