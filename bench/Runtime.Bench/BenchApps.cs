using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.Bench;

/// <summary>Small in-process apps and sidecars for the load runs, all on loopback.</summary>
internal static class BenchApps
{
    public static async Task<(WebApplication App, int Port)> StartAppAsync(Action<WebApplication> map, Action<WebApplicationBuilder>? configure = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        configure?.Invoke(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, port);
    }

    /// <summary>Writes component YAML into a temp folder and returns it.</summary>
    public static string Components(params (string Name, string Yaml)[] files)
    {
        var folder = Directory.CreateTempSubdirectory("golive-bench-").FullName;
        foreach (var (name, yaml) in files) File.WriteAllText(Path.Combine(folder, name), yaml.Replace("{{DIR}}", folder, StringComparison.Ordinal));
        return folder;
    }

    public static string Component(string name, string type, params (string Key, string Value)[] metadata) =>
        $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {name}
        spec:
          type: {type}
          version: v1
          metadata:
        {string.Concat(metadata.Select(m => $"    - name: {m.Key}\n      value: \"{m.Value}\"\n"))}
        """;

    public static HttpClient Client(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    });
}
