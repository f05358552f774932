using GoLive.Runtime.Components;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Bindings;

[Collection(RuntimeCollection.Name)]
public sealed class CronBindingTests(RuntimeFixture runtime)
{
    [Fact]
    public async Task A_cron_binding_triggers_the_app_on_its_schedule()
    {
        var before = runtime.Inbox.Read("tick").Count;
        await Eventually.TrueAsync(() => Task.FromResult(runtime.Inbox.Read("tick").Count >= before + 2), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_app_that_answers_404_to_options_is_never_triggered()
    {
        // "silent" fires every second; wait until "tick" has fired past a full second, then expect silence.
        var before = runtime.Inbox.Read("tick").Count;
        await Eventually.TrueAsync(() => Task.FromResult(runtime.Inbox.Read("tick").Count >= before + 5), TimeSpan.FromSeconds(10));
        Assert.Empty(runtime.Inbox.Read("silent"));
    }

    [Theory]
    [InlineData("schedule", "every day at noon", "is not a valid cron expression")]
    [InlineData("schedule", "@every soon", "@every needs a positive duration")]
    [InlineData("startTime", "now", "metadata option(s) 'startTime' not supported")]
    public async Task A_bad_cron_component_stops_the_runtime_at_start_naming_the_file(string option, string value, string reason)
    {
        var folder = Directory.CreateDirectory(Path.Combine(runtime.TempDirectory, "bad-cron-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        var file = Path.Combine(folder, "cron.yaml");
        await File.WriteAllTextAsync(file, $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: badcron
            spec:
              type: bindings.cron
              version: v1
              metadata:
                - name: {{option}}
                  value: "{{value}}"
            """);
        await using var host = new RuntimeHost();
        var error = await Assert.ThrowsAsync<ComponentConfigException>(() => host.GetCatalogAsync([folder]));
        Assert.Equal(file, error.File);
        Assert.Contains(reason, error.Message);
    }
}
