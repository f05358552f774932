using BenchmarkDotNet.Running;
using GoLive.Flags.Bench;

// `propagation [rounds]` runs the kill-switch harness; anything else goes to BenchmarkDotNet.
if (args is ["propagation", ..])
{
    await KillSwitchPropagation.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EvaluationBenchmarks).Assembly).Run(args);
