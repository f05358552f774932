using BenchmarkDotNet.Running;
using GoLive.Gateway.Bench;

// `decision`: BenchmarkDotNet on the rate-limit decision. `load`: wrk straight to the app, through the sidecar and through the gateway, same run.
return args.FirstOrDefault() switch
{
    "decision" => Decision(args[1..]),
    "load" => await LoadRun.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15, args.ElementAtOrDefault(2)),
    _ => Usage(),
};

static int Decision(string[] rest)
{
    BenchmarkRunner.Run<RateLimitDecisionBench>(args: rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Gateway.Bench -- decision | load [seconds] [only paths whose name contains this]");
    return 2;
}
