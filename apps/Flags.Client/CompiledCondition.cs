using System.Globalization;
using System.Text.RegularExpressions;

namespace GoLive.Flags.Client;

/// <summary>
/// A condition with its operands parsed once, when the snapshot is loaded, so evaluation only compares.
/// A missing attribute fails every operator (including <c>not_in</c>); segment operators test the targeting key.
/// </summary>
internal sealed class CompiledCondition
{
    private readonly string _attribute;
    private readonly ConditionOperator _operator;
    private readonly string[] _values;
    private readonly HashSet<string>? _set;
    private readonly Regex[]? _patterns;
    private readonly double _number;
    private readonly SemanticVersion _version;
    private readonly DateTimeOffset _date;
    private readonly CompiledSegment[]? _segments;

    private CompiledCondition(Condition condition, CompiledSegment[]? segments)
    {
        _attribute = condition.Attribute;
        _operator = condition.Operator;
        _values = [.. condition.Values];
        _segments = segments;
        switch (_operator)
        {
            case ConditionOperator.In or ConditionOperator.NotIn:
                _set = new HashSet<string>(_values, StringComparer.Ordinal);
                break;
            case ConditionOperator.Matches:
                _patterns = [.. _values.Select(v => new Regex(v, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking))];
                break;
            case ConditionOperator.GreaterThan or ConditionOperator.GreaterThanOrEqual
                or ConditionOperator.LessThan or ConditionOperator.LessThanOrEqual:
                _number = double.TryParse(Single(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    ? n : throw Invalid("a number");
                break;
            case >= ConditionOperator.SemverEquals and <= ConditionOperator.SemverLessThanOrEqual:
                _version = SemanticVersion.TryParse(Single(), out var v) ? v : throw Invalid("a semantic version");
                break;
            case ConditionOperator.Before or ConditionOperator.After:
                _date = DateTimeOffset.TryParse(Single(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
                    ? d : throw Invalid("an ISO 8601 date");
                break;
        }
    }

    /// <summary>Parses a condition; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static CompiledCondition Compile(Condition condition, IReadOnlyDictionary<string, CompiledSegment>? segments)
    {
        if (string.IsNullOrEmpty(condition.Attribute) && condition.Operator is not (ConditionOperator.InSegment or ConditionOperator.NotInSegment))
        {
            throw new FormatException("A condition needs an attribute.");
        }

        if (condition.Values is not { Count: > 0 })
        {
            throw new FormatException($"The condition on '{condition.Attribute}' needs at least one value.");
        }

        CompiledSegment[]? resolved = null;
        if (condition.Operator is ConditionOperator.InSegment or ConditionOperator.NotInSegment)
        {
            if (segments is null)
            {
                throw new FormatException("Segment conditions cannot reference other segments.");
            }

            resolved = [.. condition.Values.Select(key => segments.TryGetValue(key, out var s)
                ? s : throw new FormatException($"Unknown segment '{key}'."))];
        }

        try
        {
            return new CompiledCondition(condition, resolved);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Invalid pattern for '{condition.Attribute}': {e.Message}", e);
        }
    }

    public bool Matches(EvaluationContext context)
    {
        if (_segments is not null)
        {
            var inAny = context.TargetingKey is { } key && AnySegmentContains(key, context);
            return _operator == ConditionOperator.InSegment ? inAny : !inAny;
        }

        var value = context.Get(_attribute);
        if (value is null)
        {
            return false;
        }

        return _operator switch
        {
            ConditionOperator.In => _set!.Contains(value),
            ConditionOperator.NotIn => !_set!.Contains(value),
            ConditionOperator.StringEquals => Any(value, static (a, b) => string.Equals(a, b, StringComparison.Ordinal)),
            ConditionOperator.StringNotEquals => !Any(value, static (a, b) => string.Equals(a, b, StringComparison.Ordinal)),
            ConditionOperator.StartsWith => Any(value, static (a, b) => a.StartsWith(b, StringComparison.Ordinal)),
            ConditionOperator.EndsWith => Any(value, static (a, b) => a.EndsWith(b, StringComparison.Ordinal)),
            ConditionOperator.Contains => Any(value, static (a, b) => a.Contains(b, StringComparison.Ordinal)),
            ConditionOperator.Matches => MatchesAnyPattern(value),
            ConditionOperator.GreaterThan => Number(value, out var n) && n > _number,
            ConditionOperator.GreaterThanOrEqual => Number(value, out var n) && n >= _number,
            ConditionOperator.LessThan => Number(value, out var n) && n < _number,
            ConditionOperator.LessThanOrEqual => Number(value, out var n) && n <= _number,
            ConditionOperator.SemverEquals => Semver(value, out var c) && c == 0,
            ConditionOperator.SemverGreaterThan => Semver(value, out var c) && c > 0,
            ConditionOperator.SemverGreaterThanOrEqual => Semver(value, out var c) && c >= 0,
            ConditionOperator.SemverLessThan => Semver(value, out var c) && c < 0,
            ConditionOperator.SemverLessThanOrEqual => Semver(value, out var c) && c <= 0,
            ConditionOperator.Before => Date(value, out var d) && d < _date,
            ConditionOperator.After => Date(value, out var d) && d > _date,
            _ => false,
        };
    }

    private bool AnySegmentContains(string key, EvaluationContext context)
    {
        foreach (var segment in _segments!)
        {
            if (segment.Contains(key, context))
            {
                return true;
            }
        }

        return false;
    }

    private bool Any(string value, Func<string, string, bool> test)
    {
        foreach (var operand in _values)
        {
            if (test(value, operand))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesAnyPattern(string value)
    {
        foreach (var pattern in _patterns!)
        {
            if (pattern.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Number(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    private bool Semver(string value, out int comparison)
    {
        comparison = 0;
        if (!SemanticVersion.TryParse(value, out var version))
        {
            return false;
        }

        comparison = version.CompareTo(_version);
        return true;
    }

    private static bool Date(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);

    private string Single() => _values[0];

    private FormatException Invalid(string what) =>
        new($"The condition on '{_attribute}' ({_operator}) needs {what}, not '{_values[0]}'.");
}

/// <summary>A segment with its key lists as sets and its conditions compiled.</summary>
internal sealed class CompiledSegment(Segment segment)
{
    private readonly HashSet<string> _included = new(segment.Included, StringComparer.Ordinal);
    private readonly HashSet<string> _excluded = new(segment.Excluded, StringComparer.Ordinal);
    private readonly CompiledCondition[] _conditions = [.. segment.Conditions.Select(c => CompiledCondition.Compile(c, null))];

    public bool Contains(string key, EvaluationContext context)
    {
        if (_excluded.Contains(key))
        {
            return false;
        }

        if (_included.Contains(key))
        {
            return true;
        }

        if (_conditions.Length == 0)
        {
            return false;
        }

        foreach (var condition in _conditions)
        {
            if (!condition.Matches(context))
            {
                return false;
            }
        }

        return true;
    }
}
