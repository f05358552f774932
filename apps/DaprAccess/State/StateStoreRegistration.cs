using System.Text.Json;
using Dapr.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.DaprAccess.State;

public static class StateStoreRegistration
{
    /// <summary>
    /// Registers the state store <paramref name="name"/> as a keyed <see cref="IStateStore"/> (key: the component
    /// name) and, for <see cref="Components.StateStore"/>, also unkeyed. <paramref name="json"/> is how its values are
    /// written (web defaults when null); keep it stable, since stored documents are read back with it.
    /// </summary>
    public static IServiceCollection AddStateStore(this IServiceCollection services, string name = Components.StateStore,
        JsonSerializerOptions? json = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = json ?? JsonSerializerOptions.Web;
        services.TryAddKeyedSingleton<IStateStore>(name, (provider, _) => new DaprStateStore(provider.GetRequiredService<DaprClient>(), name, options));
        if (name == Components.StateStore)
        {
            services.TryAddSingleton(provider => provider.GetRequiredKeyedService<IStateStore>(name));
        }

        return services;
    }
}
