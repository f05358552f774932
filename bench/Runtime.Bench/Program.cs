using GoLive.Runtime.Bench;
using GoLive.Runtime.Bench.Hosts;
using GoLive.Runtime.Bench.Report;
using GoLive.Runtime.Bench.Scenarios;

// As golive-runtime does for its sidecars (runtime/GoLive.Runtime/Sidecar/InlineSocketCompletions.cs); before any socket.
GoLive.Runtime.Sidecar.InlineSocketCompletions.Enable();

// The memory scenario re-launches this executable to host an idle sidecar (or an empty app) in a process of its own.
if (IdleHost.IsChildMode(args)) return await IdleHost.RunAsync(args);

IScenario[] scenarios = [new InvokeScenario(), new StateScenario(), new PubSubScenario(), new MemoryScenario(), new ServersScenario(), new ActorsScenario(), new WorkflowsScenario(), new HopScenario(), new SecureInvokeScenario()];
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine($"""
        usage: dotnet run -c Release --project bench/Runtime.Bench -- <{string.Join('|', scenarios.Select(s => s.Name))}|all> [options]
          --duration 10s     measured time per series (state: half of it per series)
          --warmup 2s        unmeasured warm-up, shared by the series of a scenario
          --rate 1000        requests or messages per second of the open-loop runs
          --connections 16   connections (open loop) or workers (closed loop)
          --messages 50000   messages of the pub/sub throughput run
          --publishers 64    concurrent publishers of the pub/sub throughput run
          --idle 5s          idle time before the memory scenario reads RSS
          --slice 1s         length of the interleaved baseline/runtime slices
          --out FILE         append the Markdown tables to FILE
        """);
    return args.Length == 0 ? 2 : 0;
}

var selected = args[0] == "all" ? scenarios : scenarios.Where(s => s.Name == args[0]).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"unknown scenario '{args[0]}'; one of: {string.Join(", ", scenarios.Select(s => s.Name))}, all");
    return 2;
}

BenchSettings settings;
try { settings = BenchSettings.Parse(args[1..]); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var report = new RunReport(settings, "bench " + string.Join(' ', args));
Console.WriteLine(report.Header());
var failed = 0;
foreach (var scenario in selected)
{
    Console.Error.WriteLine($"running {scenario.Name}…");
    try
    {
        report.Add(scenario.Name, await scenario.RunAsync(settings, stop.Token));
    }
    catch (Exception e) when (!stop.IsCancellationRequested)
    {
        failed++;
        report.AddFailure(scenario.Name, e);
    }
}
await report.WriteAsync();
return failed == 0 ? 0 : 1;
