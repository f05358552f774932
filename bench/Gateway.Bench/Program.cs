using System.Globalization;
using BenchmarkDotNet.Running;
using GoLive.Gateway.Bench;

// `decision`: BenchmarkDotNet on the rate-limit decision. `load`: wrk straight to the app, through the sidecar and through the
// gateway, same run, at saturation and from 1,000 clients each sending [requests/s per client] (default 5: 5,000 req/s offered).
return args.FirstOrDefault() switch
{
    "decision" => Decision(args[1..]),
    "load" => await LoadRun.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15,
        args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5, args.ElementAtOrDefault(3)),
    _ => Usage(),
};

static int Decision(string[] rest)
{
    BenchmarkRunner.Run<RateLimitDecisionBench>(args: rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Gateway.Bench -- decision | load [seconds] [requests/s per client] [only paths whose name contains this]");
    return 2;
}
