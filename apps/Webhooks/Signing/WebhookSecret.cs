using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace GoLive.Webhooks.Signing;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> followed by the base64 of 24–64 random bytes.</summary>
internal static class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinBytes = 24;
    public const int MaxBytes = 64;
    private const int DefaultBytes = 32;

    /// <summary>A new random secret.</summary>
    public static string Generate(int bytes = DefaultBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, MinBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, MaxBytes);
        return Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
    }

    /// <summary>The key bytes of a secret; the prefix is optional, as receivers often paste it without.</summary>
    public static bool TryParse(string? secret, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var encoded = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written) || written is < MinBytes or > MaxBytes)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }
}
