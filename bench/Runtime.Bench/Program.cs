using GoLive.Runtime.Bench;

// Load runs of the local runtime, each next to a baseline measured in the same run. See bench/README.md.
if (args is ["host-sidecars" or "host-empty", var count])
{
    await MemoryBenchmark.HostAsync(args[0], int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

var options = BenchOptions.Parse(args);
var scenarios = new Dictionary<string, Func<Task<string>>>
{
    ["invoke"] = () => InvokeBenchmark.RunAsync(options),
    ["state"] = () => StateBenchmark.RunAsync(options),
    ["pubsub"] = () => PubSubBenchmark.RunAsync(options),
    ["memory"] = MemoryBenchmark.RunAsync,
    ["servers"] = () => ServersBenchmark.RunAsync(options),
};
if (options.Scenario != "all" && !scenarios.ContainsKey(options.Scenario))
{
    Console.Error.WriteLine($"unknown scenario '{options.Scenario}'; use one of: all, {string.Join(", ", scenarios.Keys)}");
    return 2;
}
var report = new System.Text.StringBuilder();
report.AppendLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
report.AppendLine();
foreach (var (name, run) in scenarios.Where(s => options.Scenario == "all" || s.Key == options.Scenario))
{
    var table = await run();
    Console.WriteLine($"## {name}\n\n{table}");
    report.AppendLine($"## {name}").AppendLine().AppendLine(table);
}
if (options.Out is not null) await File.WriteAllTextAsync(options.Out, report.ToString());
return 0;
