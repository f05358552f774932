using Microsoft.Extensions.Options;

namespace GoLive.Workflows.Host.DataSubjectRequests;

/// <summary>The <c>DataSubjectRequests</c> configuration section: who takes part and how long a silent one is retried.</summary>
public sealed class DataSubjectRequestOptions
{
    public const string Section = "DataSubjectRequests";

    /// <summary>App ids of every service holding personal data (each implements the privacy contract).</summary>
    public List<string> Participants { get; set; } = [];

    /// <summary>The app the outcomes and the result are reported to.</summary>
    public string ReportTo { get; set; } = "compliance";

    public int AttemptsPerRound { get; set; } = 3;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RoundDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRoundDelay { get; set; } = TimeSpan.FromHours(6);
    public int MaxRounds { get; set; } = 60;
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public int ReportAttempts { get; set; } = 20;
}

/// <summary>The plan a request runs on, recorded as its first step.</summary>
public sealed record DataSubjectRequestPlan(IReadOnlyList<string> Participants, string ReportTo, int AttemptsPerRound, TimeSpan FirstRetryDelay,
    TimeSpan RoundDelay, TimeSpan MaxRoundDelay, int MaxRounds, TimeSpan CallTimeout, int ReportAttempts)
{
    /// <summary>The wait before round <paramref name="round"/> (2, 3, …): <see cref="RoundDelay"/> doubling up to <see cref="MaxRoundDelay"/>.</summary>
    public TimeSpan DelayBefore(int round)
    {
        var delay = RoundDelay * Math.Pow(2, Math.Min(30, Math.Max(0, round - 2)));
        return delay > MaxRoundDelay ? MaxRoundDelay : delay;
    }
}

/// <summary>Reads the plan from configuration (the only step that does).</summary>
public sealed class DataSubjectRequestPlanActivity(IOptions<DataSubjectRequestOptions> options) : WorkflowActivity<object?, DataSubjectRequestPlan>
{
    public const string Name = "DataSubjectRequestPlan";

    public override Task<DataSubjectRequestPlan> RunAsync(ActivityContext context, object? input)
    {
        var o = options.Value;
        if (o.Participants.Count == 0) throw new InvalidOperationException("DataSubjectRequests:Participants lists no service.");
        return Task.FromResult(new DataSubjectRequestPlan([.. o.Participants.Distinct(StringComparer.Ordinal)], o.ReportTo, Math.Max(1, o.AttemptsPerRound),
            o.FirstRetryDelay, o.RoundDelay, o.MaxRoundDelay, Math.Max(1, o.MaxRounds), o.CallTimeout, Math.Max(1, o.ReportAttempts)));
    }
}

public static class DataSubjectRequestRegistration
{
    /// <summary>Registers the <c>DataSubjectRequest</c> workflow and its plan activity, configured from <c>DataSubjectRequests</c>.</summary>
    public static IHostApplicationBuilder AddDataSubjectRequestWorkflow(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataSubjectRequestOptions>().Bind(builder.Configuration.GetSection(DataSubjectRequestOptions.Section));
        builder.Services.AddWorkflows(workflows => workflows
            .AddWorkflow<DataSubjectRequestWorkflow>(DataSubjectRequestWorkflow.Name)
            .AddActivity<DataSubjectRequestPlanActivity>(DataSubjectRequestPlanActivity.Name));
        return builder;
    }
}
