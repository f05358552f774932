using System.Globalization;

namespace GoLive.Flags.Client;

/// <summary>A SemVer 2.0 version (a leading <c>v</c> and build metadata are accepted and ignored) ordered by precedence.</summary>
internal readonly record struct SemanticVersion(long Major, long Minor, long Patch, string? PreRelease)
    : IComparable<SemanticVersion>
{
    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        if (span[0] is 'v' or 'V')
        {
            span = span[1..];
        }

        var plus = span.IndexOf('+');
        if (plus >= 0)
        {
            span = span[..plus];
        }

        string? preRelease = null;
        var dash = span.IndexOf('-');
        if (dash >= 0)
        {
            preRelease = span[(dash + 1)..].ToString();
            span = span[..dash];
            if (preRelease.Length == 0)
            {
                return false;
            }
        }

        Span<Range> parts = stackalloc Range[4];
        var count = span.Split(parts, '.');
        if (count is < 1 or > 3)
        {
            return false;
        }

        Span<long> numbers = stackalloc long[3];
        for (var i = 0; i < count; i++)
        {
            if (!long.TryParse(span[parts[i]], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new SemanticVersion(numbers[0], numbers[1], numbers[2], preRelease);
        return true;
    }

    public int CompareTo(SemanticVersion other)
    {
        var result = Major.CompareTo(other.Major);
        if (result == 0) result = Minor.CompareTo(other.Minor);
        if (result == 0) result = Patch.CompareTo(other.Patch);
        return result != 0 ? result : ComparePreRelease(PreRelease, other.PreRelease);
    }

    // A release outranks its pre-releases; identifiers compare numerically when both are numbers, else ordinally.
    private static int ComparePreRelease(string? left, string? right)
    {
        if (left is null || right is null)
        {
            return left is null ? (right is null ? 0 : 1) : -1;
        }

        var l = left.Split('.');
        var r = right.Split('.');
        for (var i = 0; i < Math.Min(l.Length, r.Length); i++)
        {
            var leftNumeric = long.TryParse(l[i], NumberStyles.None, CultureInfo.InvariantCulture, out var ln);
            var rightNumeric = long.TryParse(r[i], NumberStyles.None, CultureInfo.InvariantCulture, out var rn);
            var result = (leftNumeric, rightNumeric) switch
            {
                (true, true) => ln.CompareTo(rn),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(l[i], r[i]),
            };
            if (result != 0)
            {
                return result;
            }
        }

        return l.Length.CompareTo(r.Length);
    }
}
