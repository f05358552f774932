using GoLive.Runtime.Resiliency;
using GoLive.Runtime.Secrets;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Components;

public sealed record LoadedComponent(ComponentSpec Spec, object Instance);

/// <summary>
/// The components built from one set of resource folders. Secret stores are built first so that the others can
/// resolve <c>secretKeyRef</c> through the store named in their <c>auth.secretStore</c>. Instances are shared by every
/// sidecar in this process that can see them (scopes), which is what lets in-memory pub/sub cross app boundaries locally.
/// </summary>
public sealed class ComponentCatalog : IAsyncDisposable
{
    private readonly List<LoadedComponent> _all;

    private ComponentCatalog(ResourceSet resources, ResiliencyPolicies resiliency, List<LoadedComponent> all)
    {
        Resources = resources;
        Resiliency = resiliency;
        _all = all;
    }

    public ResourceSet Resources { get; }

    /// <summary>The resiliency policies of the same resource folders.</summary>
    public ResiliencyPolicies Resiliency { get; }

    /// <summary>Every component; a name appears more than once only with disjoint scopes.</summary>
    public IEnumerable<LoadedComponent> All => _all;

    /// <summary>The component of that name, as the given app (or any app) sees it.</summary>
    public LoadedComponent? Find(string name, string? appId = null) =>
        _all.FirstOrDefault(c => c.Spec.Name == name && (appId is null || c.Spec.IsVisibleTo(appId)));

    public static async Task<ComponentCatalog> CreateAsync(ResourceSet resources, ComponentTypeRegistry registry,
        ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        var types = resources.Components.ToDictionary(c => c, registry.Resolve);
        var resiliency = ResiliencyPolicies.Load(resources.Resiliencies, time);
        foreach (var part in resiliency.NotApplied)
        {
            loggerFactory.CreateLogger<ComponentCatalog>().LogWarning(
                "Resiliency {Part} is not applied by the GoLive local runtime", part);
        }

        var built = new List<LoadedComponent>();
        try
        {
            // Secret stores first: their own metadata may not reference secrets.
            foreach (var spec in resources.Components.OrderBy(c => c.Category == "secretstores" ? 0 : 1))
            {
                var metadata = await ResolveMetadataAsync(spec, built, cancellationToken);
                var context = new ComponentContext(spec, metadata, loggerFactory, time);
                var instance = await types[spec].CreateAsync(context, cancellationToken);
                built.Add(new LoadedComponent(spec, instance));
                loggerFactory.CreateLogger<ComponentCatalog>().LogInformation(
                    "Component {Component} loaded ({Type}/{Version}) from {File}", spec.Name, spec.Type, spec.Version, spec.SourceFile);
            }
        }
        catch
        {
            await DisposeAllAsync(built);
            throw;
        }
        return new ComponentCatalog(resources, resiliency, built);
    }

    private static async Task<IReadOnlyDictionary<string, string>> ResolveMetadataAsync(ComponentSpec spec,
        IReadOnlyList<LoadedComponent> built, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in spec.Metadata)
        {
            if (item.SecretKeyRef is null)
            {
                resolved[item.Name] = item.Value ?? "";
                continue;
            }
            if (spec.Category == "secretstores")
                throw new ComponentConfigException(spec.SourceFile, $"component '{spec.Name}': a secret store cannot take '{item.Name}' from a secretKeyRef");
            if (spec.SecretStore is null)
                throw new ComponentConfigException(spec.SourceFile, $"component '{spec.Name}': '{item.Name}' uses a secretKeyRef but 'auth.secretStore' is not set");
            if (built.FirstOrDefault(b => b.Spec.Name == spec.SecretStore && b.Spec.SharesAppsWith(spec))?.Instance is not ISecretStore store)
                throw new ComponentConfigException(spec.SourceFile, $"component '{spec.Name}': secret store '{spec.SecretStore}' is not defined");
            var secret = await store.GetAsync(item.SecretKeyRef.Name, new Dictionary<string, string>(), cancellationToken)
                ?? throw new ComponentConfigException(spec.SourceFile, $"component '{spec.Name}': secret '{item.SecretKeyRef.Name}' not found in '{spec.SecretStore}'");
            var key = item.SecretKeyRef.Key ?? item.SecretKeyRef.Name;
            resolved[item.Name] = secret.TryGetValue(key, out var value)
                ? value
                : throw new ComponentConfigException(spec.SourceFile, $"component '{spec.Name}': secret '{item.SecretKeyRef.Name}' has no key '{key}'");
        }
        return resolved;
    }

    public async ValueTask DisposeAsync() => await DisposeAllAsync(_all);

    private static async Task DisposeAllAsync(IEnumerable<LoadedComponent> components)
    {
        foreach (var component in components)
        {
            switch (component.Instance)
            {
                case IAsyncDisposable a: await a.DisposeAsync(); break;
                case IDisposable d: d.Dispose(); break;
            }
        }
    }
}
