using System.Text.RegularExpressions;
using GoLive.Flags.Client;

namespace GoLive.Flags.Flags;

/// <summary>Checks a flag or segment before it is stored: key shape, variants, and that it compiles.</summary>
internal static partial class FlagValidation
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,127}$")]
    private static partial Regex KeyPattern();

    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    /// <summary>Field errors of a flag, empty when it can be stored.</summary>
    public static Dictionary<string, string[]> Check(FlagDefinition flag, IEnumerable<Segment> segments)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsValidKey(flag.Key))
        {
            errors["key"] = ["Use 1-128 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit."];
        }

        if (flag.Variants is not { Count: > 0 })
        {
            errors["variants"] = ["A flag needs at least one variant."];
        }

        if (errors.Count == 0 && FlagEvaluator.Validate(flag, segments) is { } problem)
        {
            errors["definition"] = [problem];
        }

        return errors;
    }

    public static Dictionary<string, string[]> Check(Segment segment)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsValidKey(segment.Key))
        {
            errors["key"] = ["Use 1-128 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit."];
        }
        else if (FlagEvaluator.Validate(segment) is { } problem)
        {
            errors["definition"] = [problem];
        }

        return errors;
    }
}
