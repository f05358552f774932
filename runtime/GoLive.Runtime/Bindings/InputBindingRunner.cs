using System.Net;
using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Bindings;

/// <summary>
/// Starts every input binding in scope once the app is up: asks <c>OPTIONS /{name}</c> whether the app listens
/// (2xx or 405 = yes, as daprd), then POSTs each event to <c>/{name}</c>; only a 200 counts as handled.
/// </summary>
internal sealed class InputBindingRunner(SidecarContext sidecar, ILogger<InputBindingRunner> logger) : ISidecarFeature
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (sidecar.Channel is not { } app) return;
        foreach (var (spec, binding) in sidecar.All<IInputBinding>())
        {
            if (!await AppListensAsync(app, spec.Name, cancellationToken))
            {
                logger.LogDebug("App {AppId} does not listen on /{Binding}; input binding not started", sidecar.AppId, spec.Name);
                continue;
            }
            _loops.Add(RunAsync(app, spec.Name, binding));
            logger.LogInformation("Input binding {Binding} started for {AppId}", spec.Name, sidecar.AppId);
        }
    }

    private static async Task<bool> AppListensAsync(AppChannel app, string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, name);
        using var response = await app.Client.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.MethodNotAllowed;
    }

    private async Task RunAsync(AppChannel app, string name, IInputBinding binding)
    {
        try
        {
            await binding.RunAsync(async (e, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, name) { Content = new ReadOnlyMemoryContent(e.Data) };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                foreach (var (key, value) in e.Metadata) request.Headers.TryAddWithoutValidation(key, value);
                try
                {
                    using var response = await app.Client.SendAsync(request, ct);
                    if (response.StatusCode != HttpStatusCode.OK)
                        logger.LogWarning("App {AppId} answered {Status} to input binding {Binding}", sidecar.AppId, (int)response.StatusCode, name);
                }
                catch (HttpRequestException ex)
                {
                    logger.LogWarning(ex, "Input binding {Binding} could not reach {AppId}", name, sidecar.AppId);
                }
            }, _stop.Token);
        }
        catch (OperationCanceledException) { /* stopping */ }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }
}
