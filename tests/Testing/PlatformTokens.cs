using System.Security.Cryptography;

namespace GoLive.Testing;

/// <summary>The two tokens of one platform run: apps → sidecar (<c>DAPR_API_TOKEN</c>) and sidecar → app (<c>APP_API_TOKEN</c>).</summary>
public sealed record PlatformTokens(string DaprApiToken, string AppApiToken)
{
    public static PlatformTokens New() => new(Random(), Random());

    private static string Random() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
