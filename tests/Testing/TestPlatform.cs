using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Hosting;

namespace GoLive.Testing;

/// <summary>
/// A local runtime for one test or fixture: starts apps behind sidecars that share its components (so the in-memory
/// pub/sub connects them), and cleans everything up. Components default to <see cref="DefaultComponents"/> for the
/// app ids given; pass a folder of your own YAML (placeholders filled by <see cref="TestComponents"/>) to change that.
/// Secure by default, as the launcher runs the platform: every sidecar wants <see cref="Tokens"/>' API token and sends
/// the app token to its app (pass <c>secured: false</c> only to test what happens without them).
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    private readonly List<DaprTestApp> _apps = [];

    public TestPlatform(IEnumerable<string>? appIds = null, IReadOnlyDictionary<string, string>? secrets = null, string? componentsDirectory = null,
        bool secured = true, string? configurationDirectory = null)
    {
        ConfigurationDirectory = configurationDirectory;
        Tokens = secured ? PlatformTokens.New() : null;
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

    /// <summary>
    /// Where each app's Configuration (<c>&lt;appid&gt;.yaml</c>: access control) is read from, e.g. the repository's
    /// <c>dapr-config</c> to run with the shipped policies; null runs without one (everything allowed).
    /// </summary>
    public string? ConfigurationDirectory { get; }

    /// <summary>The run's <c>DAPR_API_TOKEN</c> and <c>APP_API_TOKEN</c>; null when the platform runs without them.</summary>
    public PlatformTokens? Tokens { get; }

    /// <summary>Starts <typeparamref name="TProgram"/> as <paramref name="appId"/> behind its own sidecar.</summary>
    /// <param name="settings">Configuration for the app (e.g. <c>["Slos:0:Target"] = "0.99"</c>).</param>
    /// <param name="configure">Further web host changes (e.g. replacing <c>TimeProvider</c> with a fake clock).</param>
    public async Task<DaprTestApp> StartAsync<TProgram>(string appId, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IWebHostBuilder>? configure = null, CancellationToken cancellationToken = default) where TProgram : class
    {
        var app = await DaprTestApp.StartAsync<TProgram>(Host, appId, [ComponentsDirectory], settings ?? new Dictionary<string, string?>(),
            Tokens, ConfigurationFor(appId), configure, cancellationToken);
        _apps.Add(app);
        return app;
    }

    private string? ConfigurationFor(string appId) =>
        ConfigurationDirectory is { } directory && Path.Combine(directory, appId + ".yaml") is var file && File.Exists(file) ? file : null;

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
