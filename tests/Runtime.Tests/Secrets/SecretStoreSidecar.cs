using Dapr.Client;
using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Tests.Secrets;

/// <summary>A test-local runtime whose one sidecar (no app) loads the YAML documents a test writes.</summary>
internal sealed class SecretStoreSidecar : IAsyncDisposable
{
    public string ResourcesFolder { get; } = Directory.CreateTempSubdirectory("golive-secrets-").FullName;

    public RuntimeHost Host { get; } = new();
    public DaprClient Client { get; private set; } = null!;
    public HttpClient SidecarHttp { get; private set; } = null!;
    public string FixturesDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "fixtures");

    public SecretStoreSidecar WithResource(string fileName, string yaml)
    {
        File.WriteAllText(Path.Combine(ResourcesFolder, fileName), yaml.Replace("{{FIXTURES}}", FixturesDirectory, StringComparison.Ordinal));
        return this;
    }

    public async Task<SecretStoreSidecar> StartAsync()
    {
        var sidecar = await Host.StartSidecarAsync(new SidecarOptions { AppId = "secrets-" + Guid.NewGuid().ToString("N")[..6], ResourcesPaths = [ResourcesFolder] });
        await sidecar.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Client = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        SidecarHttp = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        SidecarHttp?.Dispose();
        await Host.DisposeAsync();
        try { Directory.Delete(ResourcesFolder, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
