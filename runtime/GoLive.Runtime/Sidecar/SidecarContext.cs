using GoLive.Runtime.Components;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Sidecar;

/// <summary>Everything one sidecar knows: its app, the components its app may see, and the other apps in this runtime.</summary>
public sealed class SidecarContext
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SidecarContext(SidecarOptions options, ComponentCatalog catalog, AppDirectory apps, ILoggerFactory loggerFactory, TimeProvider time,
        SidecarConfiguration? configuration = null)
    {
        Configuration = configuration ?? SidecarConfiguration.Default;
        Options = options;
        Catalog = catalog;
        Apps = apps;
        LoggerFactory = loggerFactory;
        Time = time;
        Components = catalog.All.Where(c => c.Spec.IsVisibleTo(options.AppId)).ToDictionary(c => c.Spec.Name, StringComparer.Ordinal);
        Channel = options.AppPort is { } port ? new AppChannel(options.AppId, options.AppHost, port, options.AppApiToken) : null;
    }

    public string AppId => Options.AppId;
    public SidecarOptions Options { get; }

    /// <summary>Access control and secret scopes from the app's Configuration file.</summary>
    public SidecarConfiguration Configuration { get; }
    public ComponentCatalog Catalog { get; }
    public AppDirectory Apps { get; }
    public ILoggerFactory LoggerFactory { get; }
    public TimeProvider Time { get; }

    /// <summary>The components in scope for this app, by name.</summary>
    public IReadOnlyDictionary<string, LoadedComponent> Components { get; }

    /// <summary>The connection to the app, or null when the app has no port.</summary>
    public AppChannel? Channel { get; }

    /// <summary>Completes when the app is reachable and every sidecar feature (subscriptions, input bindings) has started.</summary>
    public Task Ready => _ready.Task;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>Cancelled when a client calls the shutdown API; the launcher stops this sidecar and its app.</summary>
    public CancellationToken ShutdownRequested => _shutdown.Token;

    internal void RequestShutdown() => _shutdown.Cancel();

    internal void MarkReady() => _ready.TrySetResult();

    internal void MarkFailed(Exception error) => _ready.TrySetException(error);

    /// <summary>The component <paramref name="name"/> as a <typeparamref name="T"/>, or daprd's not-found error.</summary>
    public T Get<T>(string name, Func<string, DaprApiException> notFound) where T : class =>
        Components.GetValueOrDefault(name)?.Instance as T ?? throw notFound(name);

    public IEnumerable<(ComponentSpec Spec, T Instance)> All<T>() where T : class =>
        Components.Values.Where(c => c.Instance is T).Select(c => (c.Spec, (T)c.Instance));
}

/// <summary>A part of the sidecar that runs in the background once its app is reachable (subscriptions, input bindings).</summary>
public interface ISidecarFeature
{
    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}
