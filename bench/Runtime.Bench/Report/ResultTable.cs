using System.Globalization;
using System.Text;

namespace GoLive.Runtime.Bench.Report;

/// <summary>One Markdown table of a scenario's figures, each runtime figure next to its same-run baseline.</summary>
internal sealed class ResultTable(string title, params string[] columns)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public string Title => title;

    public ResultTable Row(params string[] cells)
    {
        if (cells.Length != columns.Length) throw new ArgumentException($"{title}: {cells.Length} cells for {columns.Length} columns");
        _rows.Add(cells);
        return this;
    }

    public ResultTable Note(string note)
    {
        _notes.Add(note);
        return this;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("#### ").AppendLine(title).AppendLine();
        text.Append("| ").AppendJoin(" | ", columns).AppendLine(" |");
        text.Append('|').AppendJoin('|', columns.Select(c => c == columns[0] ? "---" : "---:")).AppendLine("|");
        foreach (var row in _rows) text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        if (_notes.Count > 0) text.AppendLine();
        foreach (var note in _notes) text.AppendLine(note);
        return text.ToString();
    }
}

/// <summary>How figures are written in the tables.</summary>
internal static class Figures
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "n/a" : milliseconds.ToString("0.000", Invariant);

    public static string SignedMs(double milliseconds) => double.IsNaN(milliseconds) ? "n/a" : milliseconds.ToString("+0.000;-0.000;0.000", Invariant);

    public static string PerSecond(double rate) => rate.ToString("#,0", Invariant);

    public static string Count(long count) => count.ToString("#,0", Invariant);

    public static string Ratio(double value, double baseline) =>
        baseline > 0 && !double.IsNaN(value) ? "×" + (value / baseline).ToString("0.00", Invariant) : "n/a";

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", Invariant);

    public static string SignedMb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("+0.0;-0.0;0.0", Invariant);

    /// <summary>"met", "missed", or "n/a" when the figure could not be measured, for the reader scanning the table.</summary>
    public static string AtMost(double value, double target) => double.IsNaN(value) ? "n/a" : value <= target ? "met" : "missed";

    public static string AtLeast(double value, double target) => double.IsNaN(value) ? "n/a" : value >= target ? "met" : "missed";
}
