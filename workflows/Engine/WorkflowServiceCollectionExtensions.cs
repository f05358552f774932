using Dapr.Actors.Runtime;
using GoLive.DaprAccess.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Workflows;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Hosts the workflow engine in this app: its actors (<see cref="WorkflowActor"/>, <see cref="WorkflowIndexActor"/>),
    /// the runner and a <see cref="WorkflowClient"/>. Register workflows and activities in <paramref name="configure"/>;
    /// call <c>app.MapActorsHandlers()</c> so the sidecar can reach the actors.
    /// </summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, Action<WorkflowOptions> configure,
        Action<ActorRuntimeOptions>? configureActors = null)
    {
        // A second call (e.g. a test adding its own workflows) adds to the first registration.
        if (services.FirstOrDefault(d => d.ServiceType == typeof(WorkflowOptions))?.ImplementationInstance is WorkflowOptions existing)
        {
            configure(existing);
            existing.Register(services);
            return services;
        }
        var options = new WorkflowOptions();
        configure(options);
        options.Register(services);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WorkflowRunner>();
        services.AddSingleton<WorkflowClient>();
        services.AddSidecarHttp();
        services.AddSingleton<ServiceInvoker>();
        services.AddActors(actors =>
        {
            actors.Actors.RegisterActor<WorkflowActor>();
            actors.Actors.RegisterActor<WorkflowIndexActor>();
            configureActors?.Invoke(actors);
        });
        return services;
    }
}
