using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Compliance.Heads;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GoLive.Compliance.Tests;

public sealed class AnchorTests
{
    [Fact]
    public async Task Each_signed_head_goes_through_the_anchor_binding_and_the_witness_answer_is_stored_beside_it()
    {
        // A stand-in witness (notary, transparency log) the `anchor` http binding posts to.
        var received = new ConcurrentQueue<string>();
        var witnessPort = FreePort.Next();
        var witnessBuilder = WebApplication.CreateSlimBuilder();
        witnessBuilder.WebHost.UseUrls($"http://127.0.0.1:{witnessPort}");
        await using var witness = witnessBuilder.Build();
        witness.MapPost("/anchors", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            received.Enqueue(await reader.ReadToEndAsync());
            return Results.Text("{\"receipt\":\"notary-1\"}", "application/json");
        });
        await witness.StartAsync();

        var directory = Directory.CreateTempSubdirectory("compliance-anchor-").FullName;
        DefaultComponents.Write(directory, ["compliance"], new Dictionary<string, string> { ["compliance-signing-key"] = ComplianceApp.SigningKeyPem });
        File.WriteAllText(Path.Combine(directory, "anchor.yaml"), $"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: anchor
            spec:
              type: bindings.http
              version: v1
              metadata:
                - name: url
                  value: "http://127.0.0.1:{witnessPort}/anchors"
            scopes: [compliance]
            """);
        await using var platform = new TestPlatform(componentsDirectory: directory);
        var app = await platform.StartAsync<Program>("compliance");

        await app.Operator.PostAsJsonAsync("/v1/audit-events", AuditLogApiTests.Event("anchor-1", "subject-anchor"));
        var head = await (await app.Operator.PostAsync("/v1/tree-heads", null)).Content.ReadFromJsonAsync<SignedTreeHead>(
            new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal("anchor", head!.Anchor!.Binding);
        Assert.Contains("notary-1", head.Anchor.Data, StringComparison.Ordinal);
        var sent = JsonSerializer.Deserialize<SignedTreeHead>(Assert.Single(received), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((head.TreeSize, head.RootHash, head.Signature), (sent.TreeSize, sent.RootHash, sent.Signature));
    }
}
