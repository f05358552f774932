using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using GoLive.Status.Components;
using GoLive.Status.Incidents;

namespace GoLive.Status.Page;

/// <summary>The public page as plain, accessible HTML: no JavaScript, landmarks, headings, text alternatives on charts.</summary>
internal static class StatusPageHtml
{
    // Escapes markup but keeps readable text (×, −, accents) as characters.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;color:#1f2328}" +
        ".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:1rem}" +
        ".tile{border:1px solid #d0d7de;border-radius:6px;padding:1rem}.value{font-size:2rem;font-weight:600}" +
        ".bad{color:#b3261e}.ok{color:#116329}svg{max-width:100%;height:auto}" +
        "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #d0d7de}" +
        "a{color:#0550ae}.banner{padding:1rem;border-radius:6px;background:#dafbe1}.banner.down{background:#ffebe9}";

    public static string Render(StatusSnapshot snapshot)
    {
        var html = Start(snapshot.Title);
        var overall = snapshot.Open.Count == 0 && snapshot.Overall == ComponentState.Operational
            ? "All systems operational"
            : $"{snapshot.Open.Count} open incident(s); worst component state: {snapshot.Overall.Label()}";
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"banner{(snapshot.Open.Count > 0 ? " down" : "")}\" role=\"status\">{E(overall)}</p>");
        Tiles(html, snapshot.Tiles);
        Components(html, snapshot.Components);
        Incidents(html, "Open incidents", "open-incidents", snapshot.Open, "No open incidents.");
        Maintenance(html, snapshot.Maintenance);
        Incidents(html, "Past incidents (90 days)", "past-incidents", snapshot.Past, "No incidents in the last 90 days.");
        html.Append(CultureInfo.InvariantCulture, $"</main><footer><p>Updated {snapshot.GeneratedAt:yyyy-MM-dd HH:mm} UTC · <a href=\"/status/feed.atom\">Atom feed</a> · <a href=\"/api/v2/summary.json\">JSON summary</a></p></footer></body></html>");
        return html.ToString();
    }

    public static string RenderIncident(string title, Incident incident)
    {
        var html = Start($"{incident.Title} · {title}");
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/status\">← All systems</a></p><h2 id=\"incident\">{E(incident.Title)}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Status: <strong>{incident.Status}</strong> · Severity: <strong>{incident.Severity}</strong> · Affected: {E(string.Join(", ", incident.Components))}</p>");
        if (incident.PostmortemUrl is { } url)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(url)}\">Post-mortem</a></p>");
        }

        html.Append("<h3>Updates</h3><ol reversed>");
        foreach (var update in incident.Updates.Reverse())
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><time datetime=\"{update.At:O}\">{update.At:yyyy-MM-dd HH:mm} UTC</time> — <strong>{update.Status}</strong>: {E(update.Message)}</li>");
        }

        html.Append("</ol></main></body></html>");
        return html.ToString();
    }

    private static StringBuilder Start(string title)
    {
        var html = new StringBuilder(32 * 1024);
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{E(title)}</title>");
        html.Append("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/status/feed.atom\" title=\"Incidents\">");
        html.Append(CultureInfo.InvariantCulture, $"<style>{Style}</style></head><body><header><h1>{E(title)}</h1></header><main>");
        return html;
    }

    private static void Tiles(StringBuilder html, IReadOnlyList<Tile> tiles)
    {
        html.Append("<section aria-labelledby=\"slis\"><h2 id=\"slis\">Service levels (last hour)</h2><div class=\"tiles\">");
        foreach (var tile in tiles)
        {
            html.Append(CultureInfo.InvariantCulture, $"<article class=\"tile\" id=\"tile-{E(tile.Id)}\"><h3>{E(tile.Title)}</h3>");
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"value {(tile.Healthy ? "ok" : "bad")}\">{E(tile.Value)}</p><p>Objective: {E(tile.Objective)}{(tile.Healthy ? "" : " — <strong>not met</strong>")}</p>");
            SvgCharts.Trend(html, tile);
            html.Append("</article>");
        }

        html.Append("</div></section>");
    }

    private static void Components(StringBuilder html, IReadOnlyList<ComponentView> components)
    {
        html.Append("<section aria-labelledby=\"components\"><h2 id=\"components\">Components and 90-day uptime</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p><small>How uptime is computed: {E(Uptime.Formula)}. Scheduled maintenance is excluded.</small></p>");
        html.Append("<table><thead><tr><th scope=\"col\">Component</th><th scope=\"col\">State</th><th scope=\"col\">Uptime</th><th scope=\"col\">Last 90 days</th></tr></thead><tbody>");
        foreach (var component in components)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(component.Definition.Name)}</th><td data-state=\"{component.State.Wire()}\">{component.State.Label()}</td><td>{component.UptimePercent:0.###} %</td><td>");
            SvgCharts.UptimeBars(html, component);
            html.Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void Incidents(StringBuilder html, string heading, string id, IReadOnlyList<Incident> incidents, string none)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"{id}\"><h2 id=\"{id}\">{heading}</h2>");
        if (incidents.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{none}</p></section>");
            return;
        }

        html.Append("<ul>");
        foreach (var incident in incidents)
        {
            var latest = incident.Updates[^1];
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"incident\"><a href=\"/status/incidents/{Uri.EscapeDataString(incident.Id)}\">{E(incident.Title)}</a> — {incident.Status}, {incident.Severity}, since <time datetime=\"{incident.CreatedAt:O}\">{incident.CreatedAt:yyyy-MM-dd HH:mm} UTC</time>. {E(latest.Message)}</li>");
        }

        html.Append("</ul></section>");
    }

    private static void Maintenance(StringBuilder html, IReadOnlyList<MaintenanceWindow> windows)
    {
        if (windows.Count == 0)
        {
            return;
        }

        html.Append("<section aria-labelledby=\"maintenance\"><h2 id=\"maintenance\">Scheduled maintenance</h2><ul>");
        foreach (var window in windows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(window.Title)} ({E(string.Join(", ", window.Components))}): <time datetime=\"{window.StartsAt:O}\">{window.StartsAt:yyyy-MM-dd HH:mm}</time> to <time datetime=\"{window.EndsAt:O}\">{window.EndsAt:yyyy-MM-dd HH:mm}</time> UTC</li>");
        }

        html.Append("</ul></section>");
    }

    private static string E(string text) => Encoder.Encode(text);
}
