using System.Diagnostics;
using System.Text.Json;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.PubSub;

/// <summary>Runs alone, after the parallel tests: it restarts the Redis server they share.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisRestartCollection
{
    public const string Name = "redis-restart";
}

/// <summary>
/// Redis restarted in the middle of a stream: every publish the runtime acknowledged is delivered once Redis is back.
/// Needs GOLIVE_REDIS_RESTART, the command that starts the (AOF-persistent) Redis again; .ci/run sets it.
/// </summary>
[Collection(RedisRestartCollection.Name)]
public sealed class RedisRestartTests : IAsyncDisposable
{
    private static readonly string? RestartCommand = Environment.GetEnvironmentVariable("GOLIVE_REDIS_RESTART");
    private readonly RedisConformanceApps _apps = new();

    public ValueTask DisposeAsync() => _apps.DisposeAsync();

    [RedisRestartFact]
    public async Task Events_acknowledged_before_and_after_a_redis_restart_are_all_delivered()
    {
        Assert.False(string.IsNullOrEmpty(RestartCommand), "GOLIVE_REDIS_RESTART is not set: .ci/run sets it to the command that restarts Redis");
        var app = await _apps.StartAsync("redis-restart-" + Guid.NewGuid().ToString("N")[..8]);
        var markers = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid().ToString("N")).ToArray();

        foreach (var marker in markers[..20]) await app.Dapr.PublishEventAsync("pubsub", "orders", new { marker });
        await RestartRedisAsync();
        foreach (var marker in markers[20..]) await PublishUntilAcknowledgedAsync(app, marker);

        string[] Received() => app.Inbox.Read("orders").Where(e => e.ValueKind == JsonValueKind.Object)
            .Select(e => e.GetProperty("marker").GetString()!).Where(markers.Contains).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(Received().Distinct().Count() == markers.Length), TimeSpan.FromSeconds(60),
            "not every acknowledged event was delivered after the restart");
    }

    /// <summary>While Redis comes back a publish may be refused; only an acknowledged one counts, as for any client.</summary>
    private static async Task PublishUntilAcknowledgedAsync(RedisConformanceApps.Instance app, string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await app.Dapr.PublishEventAsync("pubsub", "orders", new { marker });
                return;
            }
            catch (Dapr.DaprException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task RestartRedisAsync()
    {
        await RunAsync("redis-cli", "-h 127.0.0.1 -p 6379 shutdown");
        await RunAsync("/bin/sh", $"-c \"{RestartCommand!.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        await Eventually.TrueAsync(async () => (await RunAsync("redis-cli", "-h 127.0.0.1 -p 6379 ping", check: false)).Contains("PONG"),
            TimeSpan.FromSeconds(20), "Redis did not come back");
    }

    private static async Task<string> RunAsync(string file, string arguments, bool check = false)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0) Assert.Fail($"{file} {arguments} exited {process.ExitCode}");
        return output;
    }
}

/// <summary>Runs where Redis can be restarted: always in CI (GOLIVE_REQUIRE_ALL=1), locally only with GOLIVE_REDIS_RESTART set.</summary>
public sealed class RedisRestartFactAttribute : FactAttribute
{
    public RedisRestartFactAttribute() => Skip = RequiredTools.RequireAll || (TestServers.Included && Environment.GetEnvironmentVariable("GOLIVE_REDIS_RESTART") is { Length: > 0 })
        ? null
        : "restarts Redis: set GOLIVE_REDIS_RESTART to the command that starts it again (CI does)";
}
