namespace GoLive.Status.Slos;

/// <summary>How an SLO measures good and bad (section <c>Status:Slos</c>, reloadable).</summary>
internal enum IndicatorKind
{
    /// <summary>Samples of <c>Metric</c> above <c>ThresholdMs</c> are bad (e.g. join time p95 &lt; 2 s).</summary>
    Latency,

    /// <summary>Bad = sum of <c>TotalMetric</c> − sum of <c>GoodMetric</c> (e.g. checkout success).</summary>
    Events,

    /// <summary>Bad = sum of <c>BadMetric</c> over sum of <c>TotalMetric</c> (e.g. rebuffer ms over watch ms).</summary>
    SumRatio,

    /// <summary>Bad = samples of <c>Metric</c> with outcome <c>error</c> (availability).</summary>
    Outcome,
}

/// <summary>One SLO: an indicator, a target over a window, the component it concerns and optionally a feature flag.</summary>
internal sealed class SloDefinition
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Component { get; set; } = "";
    public string? Flag { get; set; }
    public IndicatorKind Kind { get; set; }
    public string? Metric { get; set; }
    public string? GoodMetric { get; set; }
    public string? BadMetric { get; set; }
    public string? TotalMetric { get; set; }
    public double ThresholdMs { get; set; }

    /// <summary>The fraction of good events promised, e.g. 0.95 (for latency SLOs also the quantile shown).</summary>
    public double Target { get; set; }

    /// <summary>Shown as a live tile on the public page.</summary>
    public bool Headline { get; set; }
}

/// <summary>A multi-window rule: both windows must burn at least <see cref="Factor"/> times the sustainable rate.</summary>
internal sealed class BurnRateRule
{
    public TimeSpan LongWindow { get; set; }
    public TimeSpan ShortWindow { get; set; }
    public double Factor { get; set; }
    public string Severity { get; set; } = "minor";
}

/// <summary>Section <c>Status:Alerting</c>.</summary>
internal sealed class AlertingOptions
{
    public const string Section = "Status:Alerting";

    public TimeSpan SloWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Fewer events than this in the long window never alert (a single failed checkout at 3 a.m. is not an outage).</summary>
    public long MinimumEvents { get; set; } = 100;

    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Resolve an automatic incident once no rule has fired for <see cref="ResolveAfter"/>.</summary>
    public bool AutoResolve { get; set; } = true;

    public TimeSpan ResolveAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The window over which the page's live tiles are computed.</summary>
    public TimeSpan LiveWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Empty means the Google SRE defaults (14.4× 1 h/5 min, 6× 6 h/30 min, 1× 3 d/6 h).</summary>
    public List<BurnRateRule> Rules { get; set; } = [];

    public IReadOnlyList<BurnRateRule> EffectiveRules => Rules.Count > 0 ? Rules : DefaultRules;

    public static IReadOnlyList<BurnRateRule> DefaultRules { get; } =
    [
        new() { LongWindow = TimeSpan.FromHours(1), ShortWindow = TimeSpan.FromMinutes(5), Factor = 14.4, Severity = "critical" },
        new() { LongWindow = TimeSpan.FromHours(6), ShortWindow = TimeSpan.FromMinutes(30), Factor = 6, Severity = "major" },
        new() { LongWindow = TimeSpan.FromDays(3), ShortWindow = TimeSpan.FromHours(6), Factor = 1, Severity = "minor" },
    ];
}

/// <summary>Section <c>Status</c>: the SLO list.</summary>
internal sealed class SloOptions
{
    public List<SloDefinition> Slos { get; set; } = [];
}
