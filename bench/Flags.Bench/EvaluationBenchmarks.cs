using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GoLive.Flags.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace GoLive.Flags.Bench;

/// <summary>
/// One evaluation of a sticky 50 % rollout by user id: GoLive's client against Microsoft.FeatureManagement's
/// targeting filter (its sticky percentage filter, DefaultRolloutPercentage 50) with the same user, in the same run.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private const string Flag = "new-checkout";
    private readonly EvaluationContext _context = new() { TargetingKey = "user-12345", Organisation = "acme" };
    private readonly TargetingContext _targeting = new() { UserId = "user-12345" };
    private FlagsClient _client = null!;
    private IFeatureManager _featureManager = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new FlagsClient();
        var variants = new Dictionary<string, JsonElement>
        {
            ["on"] = JsonDocument.Parse("true").RootElement.Clone(),
            ["off"] = JsonDocument.Parse("false").RootElement.Clone(),
        };
        _client.Load(new FlagSnapshot(1,
        [
            new FlagDefinition
            {
                Key = Flag,
                Variants = variants,
                DefaultVariant = "off",
                Fallthrough = new Serve(Split: [new("on", 50_000), new("off", 50_000)]),
            },
            new FlagDefinition
            {
                Key = "org-rule",
                Variants = variants,
                DefaultVariant = "off",
                Rules = [new([new("organisation", ConditionOperator.In, ["acme", "globex"])], new Serve("on"))],
            },
        ], []));

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"FeatureManagement:{Flag}:EnabledFor:0:Name"] = "Microsoft.Targeting",
            [$"FeatureManagement:{Flag}:EnabledFor:0:Parameters:Audience:DefaultRolloutPercentage"] = "50",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddFeatureManagement();
        _services = services.BuildServiceProvider();
        _featureManager = _services.GetRequiredService<IFeatureManager>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "FeatureManagement targeting 50 %")]
    public Task<bool> FeatureManagementPercentage() => _featureManager.IsEnabledAsync(Flag, _targeting);

    [Benchmark(Description = "GoLive split 50 %")]
    public bool GoLivePercentage() => _client.GetBoolean(Flag, false, _context).Value;

    [Benchmark(Description = "GoLive organisation rule")]
    public bool GoLiveRule() => _client.GetBoolean("org-rule", false, _context).Value;
}
