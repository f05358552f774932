using System.Diagnostics;
using System.Text.Json;
using GoLive.Webhooks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GoLive.Webhooks.Tests;

/// <summary>Our signatures checked by code we did not write: the standardwebhooks npm package.</summary>
public sealed class NodeVerifierTests
{
    private static readonly string ReceiverDirectory = Path.Combine(RequiredTools.RepositoryRoot, "tests", "polyglot", "webhooks-receiver");

    [WebhooksReceiverFact]
    public async Task The_standardwebhooks_package_verifies_our_deliveries_including_during_a_rotation()
    {
        // The package checks timestamps against the real clock, so the fake clock starts at the real time.
        await using var harness = new WebhooksHarness(clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
        await using var receiver = await TestReceiver.StartAsync();
        var endpoint = await harness.RegisterAsync(receiver);
        var oldSecret = endpoint.Secrets[0].Value;
        await harness.SendAsync("evt_before");
        await harness.Dispatcher.DispatchDueAsync(CancellationToken.None);
        var newSecret = (await harness.Endpoints.RotateSecretAsync(endpoint.Id, TimeSpan.FromHours(1), CancellationToken.None))!.Secrets[0].Value;
        await harness.SendAsync("evt_during");
        await harness.Dispatcher.DispatchDueAsync(CancellationToken.None);
        var (before, during) = (receiver.Requests.First(), receiver.Requests.Last());

        var results = await VerifyWithNodeAsync(
            Delivery(oldSecret, before),
            Delivery(oldSecret, during),
            Delivery(newSecret, during),
            Delivery(newSecret, before),                                  // signed before the new secret existed
            Delivery(oldSecret, before with { Body = before.Body + " " })); // tampered

        Assert.Equal([true, true, true, false, false], results);
    }

    private static object Delivery(string secret, TestReceiver.Received r) => new
    {
        secret,
        body = r.Body,
        headers = new Dictionary<string, string>
        {
            ["webhook-id"] = r.Id, ["webhook-timestamp"] = r.Timestamp, ["webhook-signature"] = r.Signature,
        },
    };

    private static async Task<bool[]> VerifyWithNodeAsync(params object[] deliveries)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(deliveries));
            var start = new ProcessStartInfo("node", ["verify.mjs", file])
            {
                WorkingDirectory = ReceiverDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var node = Process.Start(start)!;
            var output = await node.StandardOutput.ReadToEndAsync();
            var errors = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, errors);
            return JsonSerializer.Deserialize<bool[]>(output)!;
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>Needs Node.js and <c>npm ci</c> in tests/polyglot/webhooks-receiver; skipped locally without them, fails in CI.</summary>
public sealed class WebhooksReceiverFactAttribute : FactAttribute
{
    public WebhooksReceiverFactAttribute()
    {
        if (RequiredTools.RequireAll)
        {
            return;
        }

        var modules = Path.Combine(RequiredTools.RepositoryRoot, "tests", "polyglot", "webhooks-receiver", "node_modules");
        Skip = !RequiredTools.Node ? "Node.js is not installed (CI sets GOLIVE_REQUIRE_ALL=1 and installs it)"
            : !Directory.Exists(modules) ? "run `npm ci` in tests/polyglot/webhooks-receiver first (CI does)"
            : null;
    }
}
