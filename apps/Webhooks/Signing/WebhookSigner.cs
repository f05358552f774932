using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GoLive.Webhooks.Signing;

/// <summary>
/// Standard Webhooks v1 signatures: base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, one <c>v1,</c> entry per key,
/// space-separated (several keys while a rotated secret overlaps the new one).
/// </summary>
internal static class WebhookSigner
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string Version = "v1,";

    /// <summary>The <c>webhook-signature</c> header value for the message, one entry per key in order.</summary>
    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is needed.", nameof(keys));
        }

        var content = SignedContent(messageId, timestamp, body);
        var entries = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            entries[i] = Version + Convert.ToBase64String(HMACSHA256.HashData(keys[i], content));
        }

        return string.Join(' ', entries);
    }

    /// <summary>
    /// Whether any <c>v1</c> entry of the header matches the key, and the timestamp is within <paramref name="tolerance"/>
    /// of <paramref name="now"/> (replay protection, 5 minutes in the specification's libraries).
    /// </summary>
    public static bool Verify(
        string messageId, string timestamp, ReadOnlySpan<byte> body, string signatureHeader, byte[] key,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(signatureHeader)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(key, SignedContent(messageId, seconds, body));
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith(Version, StringComparison.Ordinal))
            {
                continue;
            }

            var candidate = new byte[expected.Length + 3];
            if (Convert.TryFromBase64String(entry[Version.Length..], candidate, out var written)
                && CryptographicOperations.FixedTimeEquals(candidate.AsSpan(0, written), expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] SignedContent(string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
    }
}
