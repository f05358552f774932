using GoLive.Runtime.Bench.Report;

namespace GoLive.Runtime.Bench.Scenarios;

/// <summary>One benchmark: runs its runtime series and their baselines in the same run and returns the tables.</summary>
internal interface IScenario
{
    string Name { get; }

    Task<IReadOnlyList<ResultTable>> RunAsync(BenchSettings settings, CancellationToken cancellationToken);
}
