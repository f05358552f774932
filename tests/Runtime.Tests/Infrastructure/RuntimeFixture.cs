using Dapr.Client;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.TestApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Tests.Infrastructure;

/// <summary>
/// The conformance app running in-process behind a local sidecar, with the components in <c>components/</c> (placeholders
/// <c>{{TEMP}}</c> and <c>{{FIXTURES}}</c> filled in). Tests talk to the sidecar only through the official Dapr SDK or its HTTP API.
/// </summary>
public sealed class RuntimeFixture : IAsyncLifetime
{
    public const string AppId = "conformance";

    public string TempDirectory { get; } = Directory.CreateTempSubdirectory("golive-runtime-tests-").FullName;
    public RuntimeHost Host { get; } = new();
    public string ComponentsDirectory { get; private set; } = "";
    public Sidecar.Sidecar Sidecar { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public DaprClient Client { get; private set; } = null!;
    public HttpClient SidecarHttp { get; private set; } = null!;
    public HttpClient AppHttp { get; private set; } = null!;
    public Inbox Inbox => App.Services.GetRequiredService<Inbox>();

    public async Task InitializeAsync()
    {
        var components = ComponentsDirectory = TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "components"), TempDirectory);
        if (TestServers.Included)
            TestComponents.Materialize(Path.Combine(AppContext.BaseDirectory, "server-components"), TempDirectory, TestServers.Placeholders, components);
        var appPort = FreePort.Next();
        Sidecar = await Host.StartSidecarAsync(new SidecarOptions { AppId = AppId, AppPort = appPort, ResourcesPaths = [components] });
        App = ConformanceApp.Build([], b => b.UseSidecar(Sidecar.GrpcEndpoint, Sidecar.HttpEndpoint, appPort));
        await App.StartAsync();
        await Sidecar.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Client = new DaprClientBuilder().UseGrpcEndpoint(Sidecar.GrpcEndpoint).UseHttpEndpoint(Sidecar.HttpEndpoint).Build();
        SidecarHttp = new HttpClient { BaseAddress = new Uri(Sidecar.HttpEndpoint) };
        AppHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}") };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        SidecarHttp?.Dispose();
        AppHttp?.Dispose();
        if (App is not null) await App.DisposeAsync();
        await Host.DisposeAsync();
        try { Directory.Delete(TempDirectory, recursive: true); } catch (IOException) { /* best effort */ }
    }
}

[CollectionDefinition(Name)]
public sealed class RuntimeCollection : ICollectionFixture<RuntimeFixture>
{
    public const string Name = "runtime";
}
