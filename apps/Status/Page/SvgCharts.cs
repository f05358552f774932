using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using GoLive.Status.Components;

namespace GoLive.Status.Page;

/// <summary>Inline SVG: a 90-day trend line per tile and uptime bars per component, each with a text alternative.</summary>
internal static class SvgCharts
{
    // Escapes markup but keeps readable text (×, −, accents) as characters.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const int Width = 360;
    private const int Height = 60;

    public static void Trend(StringBuilder html, Tile tile)
    {
        var values = tile.Trend;
        var known = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        var label = known.Count == 0
            ? $"{tile.Title}: no data in the last {values.Count} days"
            : $"{tile.Title}, last {values.Count} days: lowest {Num(known.Min())}, highest {Num(known.Max())}";
        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"trend\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Enc(label)}\"><title>{Enc(label)}</title>");
        // The whole period's axis, so that a young deployment's few days read as the right end of a 90-day chart.
        html.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{Height - 2}\" x2=\"{Width}\" y2=\"{Height - 2}\" stroke=\"#d0d7de\"/>");
        if (known.Count > 0)
        {
            var max = Math.Max(known.Max(), 1e-9);
            var step = (double)Width / Math.Max(values.Count - 1, 1);
            var last = (X: 0.0, Y: 0.0);
            html.Append("<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"");
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is { } v)
                {
                    last = (i * step, Height - 4 - ((Height - 8) * v / max));
                    html.Append(CultureInfo.InvariantCulture, $"{last.X:0.#},{last.Y:0.#} ");
                }
            }

            // The latest day as a dot: a single day of data draws no line.
            html.Append(CultureInfo.InvariantCulture, $"\"/><circle cx=\"{last.X:0.#}\" cy=\"{last.Y:0.#}\" r=\"3\" fill=\"#1f6feb\"/>");
        }

        html.Append("</svg>");
    }

    public static void UptimeBars(StringBuilder html, ComponentView component)
    {
        var days = component.Uptime;
        var label = $"{component.Definition.Name}: {component.UptimePercent:0.###} % uptime over {days.Count} days";
        html.Append(CultureInfo.InvariantCulture, $"<svg class=\"uptime\" viewBox=\"0 0 {days.Count * 4} 24\" width=\"{days.Count * 4}\" height=\"24\" role=\"img\" aria-label=\"{Enc(label)}\"><title>{Enc(label)}</title>");
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var colour = day.MajorMinutes > 0 ? "#d1242f" : day.PartialMinutes > 0 ? "#fb8500" : day.DegradedMinutes > 0 ? "#e3b341" : "#2da44e";
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * 4}\" y=\"0\" width=\"3\" height=\"24\" fill=\"{colour}\"><title>{day.Day:yyyy-MM-dd}: {day.Percent:0.###} %</title></rect>");
        }

        html.Append("</svg>");
    }

    private static string Num(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Enc(string text) => Encoder.Encode(text);
}
