extern alias flagsapp;

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GoLive.Flags.Client;
using GoLive.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Flags.Bench;

/// <summary>
/// Kill-switch propagation: the Flags app and three evaluator apps, each behind its own local sidecar. Each round
/// flips the flag (kill, then enable) through the admin API and measures from just before the request until the
/// third evaluator's in-process client serves the new state (its <c>Changed</c> event), so the figure includes the
/// admin call, the state transaction, the outbox publish, pub/sub delivery and the snapshot swap.
/// </summary>
internal static class KillSwitchPropagation
{
    public static async Task RunAsync(int rounds)
    {
        await using var platform = new TestPlatform(["flags", "shop-1", "shop-2", "shop-3"]);
        var flags = await platform.StartAsync<flagsapp::Program>("flags");
        var admin = flags.App;
        admin.DefaultRequestHeaders.Authorization = TestOperators.Admin.Authorization;
        var variants = new Dictionary<string, JsonElement>
        {
            ["on"] = JsonDocument.Parse("true").RootElement.Clone(),
            ["off"] = JsonDocument.Parse("false").RootElement.Clone(),
        };
        (await admin.PostAsJsonAsync("/v1/flags", new FlagDefinition { Key = "checkout", Variants = variants, DefaultVariant = "on", OffVariant = "off" }))
            .EnsureSuccessStatusCode();
        var clients = new List<FlagsClient>();
        for (var i = 1; i <= 3; i++)
        {
            var shop = await platform.StartAsync<GoLive.Flags.TestApp.Program>($"shop-{i}");
            clients.Add(shop.Services.GetRequiredService<FlagsClient>());
        }

        await Eventually.TrueAsync(() => Task.FromResult(clients.All(c => c.GetBoolean("checkout", false).Value)), TimeSpan.FromSeconds(30), "loaded");

        var samples = new List<double>();
        for (var round = 0; round < rounds + 5; round++)
        {
            var kill = round % 2 == 0;
            var seen = clients.Select(c => WhenServes(c, !kill)).ToArray();
            var started = Stopwatch.GetTimestamp();
            (await admin.PostAsync(new Uri(kill ? "/v1/flags/checkout/kill" : "/v1/flags/checkout/enable", UriKind.Relative), null))
                .EnsureSuccessStatusCode();
            await Task.WhenAll(seen).WaitAsync(TimeSpan.FromSeconds(10));
            if (round >= 5)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        samples.Sort();
        Console.WriteLine($"kill-switch propagation to 3 evaluators, {samples.Count} flips: " +
            $"p50 {Percentile(samples, 0.50):F1} ms, p90 {Percentile(samples, 0.90):F1} ms, p99 {Percentile(samples, 0.99):F1} ms, max {samples[^1]:F1} ms");
    }

    private static Task WhenServes(FlagsClient client, bool value)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(FlagsClient c)
        {
            if (c.GetBoolean("checkout", !value).Value == value)
            {
                c.Changed -= Check;
                seen.TrySetResult();
            }
        }

        client.Changed += Check;
        Check(client);
        return seen.Task;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
