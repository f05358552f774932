using System.Diagnostics;

namespace GoLive.Runtime.Tests.Polyglot;

/// <summary>tests/polyglot/node: the official Dapr JavaScript SDK (HTTP and gRPC) against one sidecar and a .NET target app.</summary>
internal static class NodeSdkSuite
{
    /// <summary>Runs the suite and fails the test with node's output unless every case passed.</summary>
    public static async Task RunAsync(int sidecarHttpPort, int sidecarGrpcPort, string targetAppId)
    {
        var start = new ProcessStartInfo("node", "--test --test-reporter=spec runtime.test.mjs")
        {
            WorkingDirectory = Path.Combine(RequiredTools.RepositoryRoot, "tests", "polyglot", "node"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["DAPR_HOST"] = "127.0.0.1",
                ["DAPR_HTTP_PORT"] = $"{sidecarHttpPort}",
                ["DAPR_GRPC_PORT"] = $"{sidecarGrpcPort}",
                ["TARGET_APP_ID"] = targetAppId,
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
