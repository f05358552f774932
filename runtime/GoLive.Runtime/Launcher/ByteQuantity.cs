using System.Globalization;

namespace GoLive.Runtime.Launcher;

/// <summary>Sizes as daprd's <c>--max-body-size</c> takes them: Kubernetes quantities such as <c>4Mi</c>, <c>16M</c> or <c>1048576</c>.</summary>
internal static class ByteQuantity
{
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30),
        ("k", 1_000), ("K", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("", 1),
    ];

    public static long? Parse(string text)
    {
        foreach (var (suffix, factor) in Suffixes)
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            return decimal.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? (long)(value * factor)
                : null;
        }
        return null;
    }
}
