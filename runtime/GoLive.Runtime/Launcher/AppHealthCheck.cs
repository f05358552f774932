namespace GoLive.Runtime.Launcher;

/// <summary>
/// <c>enableAppHealthCheck</c> at start-up: the app counts as started once its health path answers 2xx. Unlike daprd, the local
/// runtime does not keep probing afterwards.
/// </summary>
internal static class AppHealthCheck
{
    public static async Task WaitAsync(LaunchedApp app, string path, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.AppUrl!), Timeout = TimeSpan.FromSeconds(5) };
        // daprd probes through its app channel, which sends the app token: an app that checks it admits the probe.
        if (app.Sidecar.Context.Options.AppApiToken is { } token) client.DefaultRequestHeaders.Add("dapr-api-token", token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string last = "no answer";
        try
        {
            while (app.Exited?.IsCompleted != true)
            {
                try
                {
                    using var response = await client.GetAsync(path, deadline.Token);
                    if (response.IsSuccessStatusCode) return;
                    last = $"HTTP {(int)response.StatusCode}";
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AppStartException(app.AppId, $"its health check GET {path} did not answer 2xx within {timeout.TotalSeconds:0} s (last: {last})", app.RecentOutput);
        }
        throw new AppStartException(app.AppId, $"it exited before its health check GET {path} answered", app.RecentOutput);
    }
}
