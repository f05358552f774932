// Status benchmarks; each prints a Markdown table with a baseline measured in the same run (see docs/benchmarks.md).
//   dotnet run -c Release --project bench/Status.Bench -- ingest [seconds] [rounds]   samples/s through POST /v1/samples
//   dotnet run -c Release --project bench/Status.Bench -- page [seconds] [rounds]     wrk -c1000 on /status vs /healthz
//   dotnet run -c Release --project bench/Status.Bench -- sketch                      BenchmarkDotNet: sketch vs sorted array
using System.Globalization;
using BenchmarkDotNet.Running;
using GoLive.Status.Bench;

var mode = args.FirstOrDefault() ?? "ingest";
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"{mode}: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()} at start");
switch (mode)
{
    case "ingest":
        await IngestBench.RunAsync(TimeSpan.FromSeconds(seconds), rounds);
        break;
    case "page":
        await PageBench.RunAsync(TimeSpan.FromSeconds(seconds), rounds);
        break;
    case "sketch":
        BenchmarkRunner.Run<SketchBench>(args: args[1..]);
        break;
    default:
        Console.Error.WriteLine("usage: ingest|page|sketch [seconds] [rounds]");
        return 1;
}

Console.WriteLine($"load average {Machine.LoadAverage()} at end");
return 0;
