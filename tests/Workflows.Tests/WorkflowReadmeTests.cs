using GoLive.Workflows.TestApp;

namespace GoLive.Workflows.Tests;

/// <summary>The README's example is real: the same code, under 30 lines, and it runs.</summary>
public sealed class WorkflowReadmeTests
{
    private static string[] CodeLines(string text) => text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();

    [Fact]
    public void The_readme_shows_the_tested_example_in_under_30_lines()
    {
        var readme = File.ReadAllText(Path.Combine(RequiredTools.RepositoryRoot, "workflows", "README.md"));
        var block = readme.Split("```csharp")[1].Split("```")[0];
        var example = File.ReadAllText(Path.Combine(RequiredTools.RepositoryRoot, "tests", "Workflows.TestApp", "PlaceOrder.cs"));
        var exampleBody = example[example.IndexOf("public sealed record Order", StringComparison.Ordinal)..];

        Assert.Equal(CodeLines(exampleBody), CodeLines(block));
        Assert.True(block.Split('\n').Length < 30, $"the example is {block.Split('\n').Length} lines");
    }

    [Fact]
    public async Task The_readme_example_places_an_order_end_to_end()
    {
        await using var apps = new WorkflowApps();
        var app = await apps.StartAsync();
        await apps.StartAsync("shipping");

        await app.Client.StartAsync(nameof(PlaceOrder), "order-42", new Order("42", 9.99m));
        await Eventually.TrueAsync(async () => (await app.Client.GetAsync("order-42"))?.Status == WorkflowStatus.Waiting, TimeSpan.FromSeconds(30), "waits for packing");
        await app.Client.RaiseEventAsync("order-42", "packed", "parcel-7");
        var state = await app.Client.WaitForFinishAsync("order-42", TimeSpan.FromSeconds(30));

        Assert.Equal(WorkflowStatus.Completed, state!.Status);
        Assert.Equal("shipped 42 as parcel-7", state.Output?.GetString());
        Assert.Equal(["Reserve", "Charge", "packed", "shipping/v1/shipments"], state.Steps.OrderBy(s => s.Seq).Select(s => s.Name));
    }
}
