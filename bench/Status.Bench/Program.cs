// Status benchmarks; each prints a Markdown table with a baseline measured in the same run (see docs/benchmarks.md).
//   dotnet run -c Release --project bench/Status.Bench -- ingest [seconds] [rounds]   samples/s through POST /v1/samples
//   dotnet run -c Release --project bench/Status.Bench -- page [seconds] [rounds] [connections] [requests/s per client]
//                                                       wrk -c1000 on /status vs /healthz and the same bytes served bare;
//                                                       with a per-client rate, 1,000 paced clients (bench/Shared/paced.lua)
//   dotnet run -c Release --project bench/Status.Bench -- sketch                      BenchmarkDotNet: sketch vs sorted array
using System.Globalization;
using BenchmarkDotNet.Running;
using GoLive.Status.Bench;

// WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the current directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var mode = args.FirstOrDefault() ?? "ingest";
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"{mode}: {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()} at start");
if (mode != "sketch")
{
    // The app logs a CLEF line per request as shipped; it is formatted as usual but not written to this terminal.
    Machine.Report = Console.Out;
    Console.SetOut(TextWriter.Null);
}

switch (mode)
{
    case "ingest":
        await IngestBench.RunAsync(TimeSpan.FromSeconds(seconds), rounds);
        break;
    case "page":
        await PageBench.RunAsync(TimeSpan.FromSeconds(seconds), rounds, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000,
            args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0);
        break;
    case "sketch":
        BenchmarkRunner.Run<SketchBench>(args: args[1..]);
        break;
    default:
        Console.Error.WriteLine("usage: ingest|page|sketch [seconds] [rounds]");
        return 1;
}

Machine.Report.WriteLine($"load average {Machine.LoadAverage()} at end");
return 0;
