using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// Operator keys look like <c>glo_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the record, the secret proves possession. Only the
/// SHA-256 hash of the whole key is stored (<c>sha256:&lt;hex&gt;</c>); the key is shown once, when it is issued. A key carries
/// 260 random bits, so a fast hash is enough (there is nothing to guess by brute force).
/// </summary>
public static partial class OperatorKey
{
    public const string Prefix = "glo_";
    private const string HashPrefix = "sha256:";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    // A hash nothing matches, compared when the id is unknown so both refusals take the same time.
    private static readonly string Unmatchable = HashPrefix + new string('0', 64);

    /// <summary>A new key and its id: a 10-character id and a 52-character secret of lower-case base32.</summary>
    public static (string Key, string Id) Generate()
    {
        var id = RandomText(10);
        return ($"{Prefix}{id}_{RandomText(52)}", id);
    }

    /// <summary>True when <paramref name="key"/> has the shape of an operator key; <paramref name="id"/> is its id.</summary>
    public static bool TryParse(string? key, out string id)
    {
        var match = key is null ? Match.Empty : Shape().Match(key);
        id = match.Success ? match.Groups["id"].Value : "";
        return match.Success;
    }

    /// <summary>True when <paramref name="id"/> is a valid key id (for the CLI and for hand-written records).</summary>
    public static bool IsValidId(string? id) => id is not null && IdShape().IsMatch(id);

    /// <summary>The stored form of a key.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Compares a presented key with a stored hash in constant time; a missing or malformed hash never matches.</summary>
    public static bool Matches(string presented, string? hash)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var wellFormed = hash is { Length: 71 } && hash.StartsWith(HashPrefix, StringComparison.Ordinal);
        var expected = Encoding.ASCII.GetBytes(wellFormed ? hash!.ToLowerInvariant() : Unmatchable);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), expected) && wellFormed;
    }

    private static string RandomText(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    // Ids are lower-case letters and digits; secrets also allow '-' so the committed development keys can say what they are.
    [GeneratedRegex("^glo_(?<id>[a-z0-9]{4,40})_[A-Za-z0-9-]{16,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex("^[a-z0-9]{4,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}
