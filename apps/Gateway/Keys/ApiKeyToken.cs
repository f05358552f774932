using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace GoLive.Gateway.Keys;

/// <summary>
/// The key format <c>glk_&lt;env&gt;_&lt;id&gt;&lt;secret&gt;</c>: an environment (<c>live</c>, <c>test</c>, ...), an 8-character id
/// that stays the same across rotations (the visible prefix), and 32 random base62 characters (190 bits).
/// </summary>
internal static class ApiKeyToken
{
    public const int IdLength = 8;
    public const int SecretLength = 32;
    private const string Scheme = "glk_";
    private const int MaxEnvironmentLength = 16;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly SearchValues<char> Base62 = SearchValues.Create(Alphabet);
    private static readonly SearchValues<char> EnvironmentChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, IdLength);

    public static string New(string environment, string id) =>
        PrefixOf(environment, id) + RandomNumberGenerator.GetString(Alphabet, SecretLength);

    public static string PrefixOf(string environment, string id) => Scheme + environment + "_" + id;

    public static bool IsValidEnvironment(string? environment) =>
        environment is { Length: > 0 and <= MaxEnvironmentLength } && !environment.AsSpan().ContainsAnyExcept(EnvironmentChars);

    /// <summary>Reads the environment and id of a well-formed key; says nothing about whether it exists.</summary>
    public static bool TryParse(ReadOnlySpan<char> key, out string environment, out string id)
    {
        environment = id = "";
        if (!key.StartsWith(Scheme, StringComparison.Ordinal)) return false;
        var rest = key[Scheme.Length..];
        var separator = rest.IndexOf('_');
        if (separator <= 0 || separator > MaxEnvironmentLength) return false;
        var env = rest[..separator];
        var random = rest[(separator + 1)..];
        if (env.ContainsAnyExcept(EnvironmentChars) || random.Length != IdLength + SecretLength || random.ContainsAnyExcept(Base62))
            return false;
        environment = env.ToString();
        id = random[..IdLength].ToString();
        return true;
    }

    /// <summary>HMAC-SHA-256 of the whole key under the pepper from the secret store: a leaked table alone proves nothing.</summary>
    public static byte[] Hash(ReadOnlySpan<char> key, byte[] pepper)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(key.Length, 256))];
        var length = Encoding.UTF8.GetBytes(key[..Math.Min(key.Length, 256)], utf8);
        return HMACSHA256.HashData(pepper, utf8[..length]);
    }
}
