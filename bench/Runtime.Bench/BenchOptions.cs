using System.Globalization;
using GoLive.Runtime.Components;

namespace GoLive.Runtime.Bench;

internal sealed record BenchOptions(string Scenario, TimeSpan Duration, int Rate, int Connections, string? Out)
{
    public static BenchOptions Parse(string[] args)
    {
        var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var duration = GoDuration.TryParse(Value("--duration"), out var d) ? d : TimeSpan.FromSeconds(10);
        return new BenchOptions(scenario, duration,
            int.Parse(Value("--rate") ?? "1000", CultureInfo.InvariantCulture),
            int.Parse(Value("--connections") ?? "16", CultureInfo.InvariantCulture),
            Value("--out"));
    }
}
