using System.Net;
using GoLive.Runtime.Components;
using GoLive.Runtime.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// One running sidecar: an HTTP/1.1 listener for the Dapr HTTP API and an HTTP/2 (h2c) listener for the gRPC API, both on
/// loopback, serving one app. Start it through <see cref="RuntimeHost.StartSidecarAsync"/>.
/// </summary>
public sealed class Sidecar : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _startup;
    private int _disposed;

    private Sidecar(WebApplication web, SidecarContext context, int httpPort, int grpcPort)
    {
        _web = web;
        Context = context;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        _startup = StartFeaturesAsync(_stopping.Token);
    }

    public SidecarContext Context { get; }
    public string AppId => Context.AppId;
    public int HttpPort { get; }
    public int GrpcPort { get; }
    public string HttpEndpoint => $"http://127.0.0.1:{HttpPort}";
    public string GrpcEndpoint => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>Waits until the app is reachable and subscriptions and input bindings have started.</summary>
    public Task WaitForReadyAsync(CancellationToken cancellationToken = default) => Context.Ready.WaitAsync(cancellationToken);

    internal static async Task<Sidecar> StartAsync(SidecarContext context, IEnumerable<Action<IServiceCollection>> areaServices,
        CancellationToken cancellationToken)
    {
        var options = context.Options;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "golive-runtime" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(context.LoggerFactory);
        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(context.Time);
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ApiTokenInterceptor>();
            o.Interceptors.Add<DaprErrorInterceptor>();
            o.MaxReceiveMessageSize = (int)options.MaxRequestBodyBytes;
            o.EnableDetailedErrors = true;
        });
        foreach (var add in areaServices) add(builder.Services);

        ListenOptions? http = null, grpc = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Listen(IPAddress.Loopback, options.HttpPort, l => { l.Protocols = HttpProtocols.Http1; http = l; });
            k.Listen(IPAddress.Loopback, options.GrpcPort, l => { l.Protocols = HttpProtocols.Http2; grpc = l; });
        });

        var web = builder.Build();
        web.UseSidecarPipeline();
        web.MapGrpcService<DaprGrpcService>();
        web.MapSidecarHttpApi();
        await web.StartAsync(cancellationToken);
        // Kestrel writes the bound endpoint back into the listen options, so port 0 becomes the real port here.
        return new Sidecar(web, context, http!.IPEndPoint!.Port, grpc!.IPEndPoint!.Port);
    }

    private async Task StartFeaturesAsync(CancellationToken cancellationToken)
    {
        var logger = Context.LoggerFactory.CreateLogger<Sidecar>();
        try
        {
            if (Context.Channel is { } channel)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Context.Options.AppStartTimeout);
                while (!await channel.IsListeningAsync(timeout.Token))
                    await Task.Delay(TimeSpan.FromMilliseconds(50), Context.Time, timeout.Token);
            }
            foreach (var feature in _web.Services.GetServices<ISidecarFeature>())
                await feature.StartAsync(cancellationToken);
            Context.MarkReady();
            logger.LogInformation("Sidecar for {AppId} ready: HTTP {HttpPort}, gRPC {GrpcPort}, app port {AppPort}",
                AppId, HttpPort, GrpcPort, Context.Options.AppPort);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var error = new TimeoutException($"app '{AppId}' did not listen on port {Context.Options.AppPort} within {Context.Options.AppStartTimeout}");
            logger.LogError(error, "Sidecar for {AppId} not ready", AppId);
            Context.MarkFailed(error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Context.MarkFailed(new OperationCanceledException($"sidecar for '{AppId}' stopped before its app was ready")); // disposed during start-up
        }
        catch (Exception e)
        {
            logger.LogError(e, "Sidecar for {AppId} failed to start its features", AppId);
            Context.MarkFailed(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Both a test's `await using` and the owning RuntimeHost may dispose the same sidecar.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        try { await _startup; } catch (Exception) { /* reported through Ready */ }
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        foreach (var feature in _web.Services.GetServices<ISidecarFeature>().Reverse())
            await feature.StopAsync(stopTimeout.Token);
        Context.Apps.Unregister(Context);
        await _web.StopAsync(stopTimeout.Token);
        await _web.DisposeAsync();
        Context.Channel?.Dispose();
        _stopping.Dispose();
    }
}
