using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapr.Client;

namespace GoLive.Compliance.Requests;

/// <summary>The HMAC key behind download links and verification codes: the secret <c>compliance-request-key</c> (base64).</summary>
internal interface IRequestKey
{
    Task<byte[]> GetAsync(CancellationToken cancellationToken = default);
}

internal sealed class SecretStoreRequestKey(DaprClient dapr) : SecretStoreKey(dapr, SecretName), IRequestKey
{
    public const string SecretName = "compliance-request-key";
}

internal enum LinkVerdict { Valid, Expired, BadSignature }

/// <summary>
/// Expiring signed links to an export archive: <c>/v1/data-subject-requests/{id}/archive?expires={unix s}&amp;signature={hex}</c>,
/// signature = HMAC-SHA-256(key, <c>"dsr-archive\n{id}\n{expires}"</c>). Anyone holding the link can download until it expires;
/// nothing else is needed, and changing the id or the expiry breaks the signature.
/// </summary>
internal sealed class ExportLinks(IRequestKey key, TimeProvider time)
{
    public async Task<ExportLink> IssueAsync(string id, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var signature = Convert.ToHexStringLower(await SignAsync(id, expires, cancellationToken));
        return new ExportLink($"/v1/data-subject-requests/{Uri.EscapeDataString(id)}/archive?expires={expires}&signature={signature}",
            DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    public async Task<LinkVerdict> CheckAsync(string id, long expires, string signature, CancellationToken cancellationToken)
    {
        byte[] given;
        try { given = Convert.FromHexString(signature); }
        catch (FormatException) { return LinkVerdict.BadSignature; }
        // The signature first: an expired link with a forged expiry must not learn anything from the answer.
        var expected = await SignAsync(id, expires, cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(given, expected)) return LinkVerdict.BadSignature;
        return time.GetUtcNow().ToUnixTimeSeconds() > expires ? LinkVerdict.Expired : LinkVerdict.Valid;
    }

    private async Task<byte[]> SignAsync(string id, long expires, CancellationToken cancellationToken)
    {
        using var hmac = new HMACSHA256(await key.GetAsync(cancellationToken));
        return hmac.ComputeHash(Encoding.UTF8.GetBytes($"dsr-archive\n{id}\n{expires.ToString(CultureInfo.InvariantCulture)}"));
    }
}
