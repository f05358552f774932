using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Polyglot;

/// <summary>Runs tests/polyglot/node (the official Dapr JavaScript SDK, over HTTP and gRPC) against this runtime.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class PolyglotNodeTests(RuntimeFixture runtime)
{
    [NodeFact]
    public async Task JavaScript_sdk_saves_state_publishes_to_dotnet_and_invokes_dotnet_through_the_runtime()
    {
        await using var nodeSidecar = await runtime.Host.StartSidecarAsync(new SidecarOptions
        {
            AppId = "polyglot-node",
            ResourcesPaths = [runtime.ComponentsDirectory],
        });
        await NodeSdkSuite.RunAsync(nodeSidecar.HttpPort, nodeSidecar.GrpcPort, RuntimeFixture.AppId);
    }
}
