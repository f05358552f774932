using System.Collections.Concurrent;
using GoLive.Runtime.Components;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// One process hosting any number of sidecars. Sidecars started with the same resource folders share component
/// instances, and find each other's apps for service invocation. Tests use it directly; the launcher drives it.
/// </summary>
public sealed class RuntimeHost(ILoggerFactory? loggerFactory = null, TimeProvider? time = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ComponentCatalog>>> _catalogs = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Sidecar> _sidecars = [];

    public ILoggerFactory LoggerFactory { get; } = loggerFactory ?? NullLoggerFactory.Instance;
    public TimeProvider Time { get; } = time ?? TimeProvider.System;
    public AppDirectory Apps { get; } = new();
    public ComponentTypeRegistry ComponentTypes { get; } = Components.ComponentTypes.CreateDefault();

    /// <summary>Loads (once per distinct set of folders) and builds the components of <paramref name="resourcesPaths"/>.</summary>
    public Task<ComponentCatalog> GetCatalogAsync(IReadOnlyList<string> resourcesPaths, CancellationToken cancellationToken = default)
    {
        var key = string.Join('|', resourcesPaths.Select(Path.GetFullPath));
        var lazy = _catalogs.GetOrAdd(key, _ => new Lazy<Task<ComponentCatalog>>(() =>
            ComponentCatalog.CreateAsync(ResourceFiles.Load(resourcesPaths), ComponentTypes, LoggerFactory, Time, CancellationToken.None)));
        return lazy.Value.WaitAsync(cancellationToken);
    }

    public async Task<Sidecar> StartSidecarAsync(SidecarOptions options, CancellationToken cancellationToken = default)
    {
        var catalog = await GetCatalogAsync(options.ResourcesPaths, cancellationToken);
        var configuration = SidecarConfiguration.Load(options.ConfigPath);
        if (options.ConfigPath is { } config)
        {
            LoggerFactory.CreateLogger<RuntimeHost>().LogInformation(
                "Configuration {File}: access control and secret scopes applied; tracing, metrics and mTLS settings are daprd's and not applied", config);
        }

        var context = new SidecarContext(options, catalog, Apps, LoggerFactory, Time, configuration);
        Apps.Register(context);
        try
        {
            var sidecar = await Sidecar.StartAsync(context, SidecarHttpApi.AreaServices, cancellationToken);
            _sidecars.Add(sidecar);
            return sidecar;
        }
        catch
        {
            Apps.Unregister(context);
            context.Channel?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sidecar in _sidecars) await sidecar.DisposeAsync();
        foreach (var catalog in _catalogs.Values.Where(c => c.IsValueCreated))
        {
            try { await (await catalog.Value).DisposeAsync(); }
            catch (Exception) { /* a catalog that failed to load has nothing to dispose */ }
        }
    }
}
