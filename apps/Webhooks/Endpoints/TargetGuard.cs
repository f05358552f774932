using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace GoLive.Webhooks.Endpoints;

/// <summary>
/// SSRF protection: which URLs and addresses webhooks may be sent to. Checked when an endpoint is registered
/// (URL and literal addresses) and again on every connection (every address the name resolves to).
/// </summary>
internal sealed class TargetGuard(IOptions<WebhooksOptions> options)
{
    private WebhooksOptions Options => options.Value;

    /// <summary>Why the URL is refused, or null when it may be registered.</summary>
    public string? RefuseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "The URL must be an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not carry credentials.";
        }

        if (Options.RequireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "The URL must use https.";
        }

        var host = uri.IdnHost;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return Options.AllowLoopback ? null : "Loopback targets are not allowed.";
        }

        return IPAddress.TryParse(host, out var address) ? RefuseAddress(address) : null;
    }

    /// <summary>Why a connection to the address is refused, or null when it is allowed.</summary>
    public string? RefuseAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return Options.AllowLoopback ? null : "Loopback targets are not allowed.";
        }

        if (IsUnspecifiedOrMulticast(address))
        {
            return "The address cannot receive webhooks.";
        }

        return IsPrivate(address) && !Options.AllowPrivateNetworks
            ? "Private, link-local and internal network targets are not allowed."
            : null;
    }

    private static bool IsUnspecifiedOrMulticast(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.Equals(IPAddress.IPv6None) || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] == 0 || b[0] >= 224; // 0.0.0.0/8, multicast 224/4, reserved 240/4 and broadcast
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var v6 = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (v6[0] & 0xFE) == 0xFC; // fc00::/7
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)                 // link-local, cloud metadata
            || (b[0] == 100 && b[1] is >= 64 and <= 127)    // carrier-grade NAT
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)      // IETF protocol assignments
            || (b[0] == 198 && b[1] is 18 or 19);           // benchmarking
    }
}
