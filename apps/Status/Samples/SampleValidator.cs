using System.Text.RegularExpressions;
using GoLive.Status.Components;
using GoLive.Status.Metrics;
using Microsoft.Extensions.Options;

namespace GoLive.Status.Samples;

/// <summary>
/// Checks a whole batch and either returns every sample normalised or every error found, keyed like
/// <c>samples[3].unit</c>: a batch is stored whole or not at all.
/// </summary>
internal sealed partial class SampleValidator(
    IOptionsMonitor<IngestOptions> options,
    IOptionsMonitor<StatusComponentsOptions> components,
    TimeProvider time)
{
    public const string DefaultRegion = "global";

    public (IReadOnlyList<Sample> Samples, Dictionary<string, string[]> Errors) Validate(SampleBatch? batch)
    {
        var errors = new Dictionary<string, string[]>();
        var limits = options.CurrentValue;
        if (batch?.Samples is not { Count: > 0 } inputs)
        {
            errors["samples"] = ["A batch needs at least one sample."];
            return ([], errors);
        }

        if (inputs.Count > limits.MaxSamplesPerBatch)
        {
            errors["samples"] = [$"A batch holds at most {limits.MaxSamplesPerBatch} samples."];
            return ([], errors);
        }

        var known = components.CurrentValue.Ids;
        var now = time.GetUtcNow();
        var samples = new List<Sample>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var problems = new List<string>();
            var sample = Check(inputs[i], known, now, limits, problems);
            if (sample is not null)
            {
                samples.Add(sample);
            }
            else
            {
                errors[$"samples[{i}]"] = [.. problems];
            }
        }

        return (errors.Count == 0 ? samples : [], errors);
    }

    private static Sample? Check(SampleInput? input, IReadOnlySet<string> known, DateTimeOffset now, IngestOptions limits, List<string> problems)
    {
        if (input is null)
        {
            problems.Add("A sample cannot be null.");
            return null;
        }

        if (input.Metric is null || !MetricCatalog.All.TryGetValue(input.Metric, out var metric))
        {
            problems.Add($"Unknown metric '{input.Metric}'; known: {string.Join(", ", MetricCatalog.All.Keys)}.");
            return null;
        }

        var value = Normalise(input, metric, problems);
        if (input.Timestamp is not { } timestamp)
        {
            problems.Add("timestamp is required (RFC 3339).");
        }
        else if (timestamp > now + limits.MaxClockSkew || timestamp < now - limits.MaxSampleAge)
        {
            problems.Add($"timestamp must be within {limits.MaxSampleAge} before and {limits.MaxClockSkew} after the server clock.");
        }

        if (input.Component is null || !known.Contains(input.Component))
        {
            problems.Add($"Unknown component '{input.Component}'.");
        }

        var region = input.Region ?? DefaultRegion;
        if (!RegionPattern().IsMatch(region))
        {
            problems.Add("region must be 1-32 characters of a-z, 0-9 and '-'.");
        }

        var bad = input.Outcome switch
        {
            null when !metric.HasOutcome => false,
            "success" when metric.HasOutcome => false,
            "error" when metric.HasOutcome => true,
            _ => Reject(problems, metric.HasOutcome ? "outcome must be 'success' or 'error'." : $"{metric.Name} takes no outcome."),
        };

        return problems.Count == 0 ? new Sample(metric.Name, value, input.Timestamp!.Value, input.Component!, region, bad) : null;
    }

    private static double Normalise(SampleInput input, MetricDefinition metric, List<string> problems)
    {
        if (input.Value is not { } raw || !double.IsFinite(raw))
        {
            problems.Add("value must be a finite number.");
            return 0;
        }

        var value = (input.Unit, metric.Unit) switch
        {
            (MetricCatalog.Milliseconds, MetricCatalog.Milliseconds) => raw,
            (MetricCatalog.Seconds, MetricCatalog.Milliseconds) => raw * 1000,
            (MetricCatalog.Count, MetricCatalog.Count) => raw,
            _ => double.NaN,
        };
        if (double.IsNaN(value))
        {
            problems.Add(metric.Unit == MetricCatalog.Count
                ? $"unit of {metric.Name} must be 'count'."
                : $"unit of {metric.Name} must be 'ms' or 's'.");
        }
        else if (value < metric.MinValue || value > metric.MaxValue)
        {
            problems.Add($"value of {metric.Name} must be between {metric.MinValue} and {metric.MaxValue} {metric.Unit}.");
        }

        return value;
    }

    private static bool Reject(List<string> problems, string message)
    {
        problems.Add(message);
        return false;
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex RegionPattern();
}
