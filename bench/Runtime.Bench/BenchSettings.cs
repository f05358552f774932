using System.Globalization;

namespace GoLive.Runtime.Bench;

/// <summary>The knobs every scenario reads; the defaults keep <c>all</c> under about two minutes on two cores.</summary>
internal sealed record BenchSettings
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests (or messages) per second of the open-loop scenarios.</summary>
    public int Rate { get; init; } = 1000;

    /// <summary>Connections of the open-loop scenarios and workers of the closed-loop ones.</summary>
    public int Connections { get; init; } = 16;

    /// <summary>Messages of the pub/sub throughput run.</summary>
    public int Messages { get; init; } = 50_000;

    public int Publishers { get; init; } = 64;

    /// <summary>How long the memory scenario leaves each child process idle before reading its RSS.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Interleaving slice: baseline and runtime take turns this long so both see the same machine state.</summary>
    public TimeSpan Slice { get; init; } = TimeSpan.FromSeconds(1);

    public string? OutputPath { get; init; }

    public static BenchSettings Parse(IReadOnlyList<string> options)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < options.Count; i++)
        {
            var name = options[i];
            var value = i + 1 < options.Count ? options[++i] : throw new ArgumentException($"{name} needs a value");
            settings = name switch
            {
                "--duration" => settings with { Duration = ParseDuration(value) },
                "--warmup" => settings with { Warmup = ParseDuration(value) },
                "--rate" => settings with { Rate = ParsePositive(name, value) },
                "--connections" => settings with { Connections = ParsePositive(name, value) },
                "--messages" => settings with { Messages = ParsePositive(name, value) },
                "--publishers" => settings with { Publishers = ParsePositive(name, value) },
                "--idle" => settings with { Idle = ParseDuration(value) },
                "--slice" => settings with { Slice = ParseDuration(value) },
                "--out" => settings with { OutputPath = value },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        return settings;
    }

    /// <summary>Go-style durations as the Dapr CLI writes them: <c>500ms</c>, <c>10s</c>, <c>2m</c>; a bare number is seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : (text, 1000.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromMilliseconds(value * unit)
            : throw new ArgumentException($"'{text}' is not a duration (e.g. 500ms, 10s, 2m)");
    }

    private static int ParsePositive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'");
}
