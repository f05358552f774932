using GoLive.Status.Components;
using GoLive.Status.Slos;
using Microsoft.Extensions.Options;
using DaprComponents = GoLive.DaprAccess.Components;

namespace GoLive.Status.Tests.Infrastructure;

/// <summary>An options monitor whose value a test can replace (as a configuration reload would).</summary>
internal sealed class TestOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue { get; set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

internal static class Defaults
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The shared in-memory store, writing with Status's JSON options (TTLs on <paramref name="time"/>).</summary>
    public static InMemoryStateStore Store(string name = DaprComponents.StateStore, TimeProvider? time = null) => new(name, StatusJson.Options, time);

    public static StatusComponentsOptions Components() => new()
    {
        Components =
        [
            new() { Id = "playback", Name = "Video playback" },
            new() { Id = "checkout", Name = "Checkout" },
            new() { Id = "payouts", Name = "Creator payouts" },
            new() { Id = "api", Name = "Public API" },
        ],
    };

    public static SloDefinition JoinTime() => new()
    {
        Id = "join-time", Title = "Join time p95", Component = "playback", Kind = IndicatorKind.Latency,
        Metric = "playback.join_ms", ThresholdMs = 2000, Target = 0.95, Headline = true, Flag = "new-player",
    };

    public static SloDefinition CheckoutSuccess() => new()
    {
        Id = "checkout-success", Title = "Checkout success", Component = "checkout", Kind = IndicatorKind.Events,
        GoodMetric = "checkout.success", TotalMetric = "checkout.attempt", Target = 0.95, Headline = true,
    };

    public static SloDefinition Availability() => new()
    {
        Id = "availability", Title = "API availability", Component = "api", Kind = IndicatorKind.Outcome, Metric = "api.request", Target = 0.9995,
    };
}
