using System.Xml;
using GoLive.Status.Incidents;

namespace GoLive.Status.Page;

/// <summary>An Atom (RFC 4287) feed with one entry per incident, newest first, its updates as the content.</summary>
internal static class AtomFeed
{
    private const string Ns = "http://www.w3.org/2005/Atom";

    public static string Render(StatusSnapshot snapshot, string baseUrl)
    {
        var incidents = snapshot.Open.Concat(snapshot.Past).OrderByDescending(i => i.UpdatedAt).ToList();
        using var text = new StringWriter();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            xml.WriteStartElement("feed", Ns);
            xml.WriteElementString("title", Ns, snapshot.Title + " — incidents");
            xml.WriteElementString("id", Ns, baseUrl + "/status");
            xml.WriteElementString("updated", Ns, XmlConvert.ToString(incidents.FirstOrDefault()?.UpdatedAt ?? snapshot.GeneratedAt));
            Link(xml, baseUrl + "/status/feed.atom", "self");
            Link(xml, baseUrl + "/status", "alternate");
            foreach (var incident in incidents)
            {
                xml.WriteStartElement("entry", Ns);
                xml.WriteElementString("title", Ns, $"{incident.Title} ({incident.Status})");
                xml.WriteElementString("id", Ns, $"{baseUrl}/status/incidents/{incident.Id}");
                xml.WriteElementString("updated", Ns, XmlConvert.ToString(incident.UpdatedAt));
                xml.WriteElementString("published", Ns, XmlConvert.ToString(incident.CreatedAt));
                Link(xml, $"{baseUrl}/status/incidents/{incident.Id}", "alternate");
                xml.WriteStartElement("author", Ns);
                xml.WriteElementString("name", Ns, snapshot.Title);
                xml.WriteEndElement();
                xml.WriteStartElement("content", Ns);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(string.Join("\n", incident.Updates.Reverse().Select(u => $"{u.At:yyyy-MM-dd HH:mm} UTC {u.Status}: {u.Message}")));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + text;
    }

    private static void Link(XmlWriter xml, string href, string rel)
    {
        xml.WriteStartElement("link", Ns);
        xml.WriteAttributeString("href", href);
        xml.WriteAttributeString("rel", rel);
        xml.WriteEndElement();
    }
}
