using System.Diagnostics;
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
        var suite = Path.Combine(RequiredTools.RepositoryRoot, "tests", "polyglot", "node");
        var start = new ProcessStartInfo("node", "--test --test-reporter=spec runtime.test.mjs")
        {
            WorkingDirectory = suite,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["DAPR_HOST"] = "127.0.0.1",
                ["DAPR_HTTP_PORT"] = nodeSidecar.HttpPort.ToString(),
                ["DAPR_GRPC_PORT"] = nodeSidecar.GrpcPort.ToString(),
                ["TARGET_APP_ID"] = RuntimeFixture.AppId,
            },
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node --test exited {node.ExitCode}\n{await output}\n{await errors}");
    }
}
