using System.Security.Cryptography;

namespace GoLive.Compliance.Tests;

/// <summary>The Compliance app behind a real local sidecar (in-memory components, a test signing key), shared by a test class.</summary>
public sealed class ComplianceApp : IAsyncLifetime
{
    public static readonly string SigningKeyPem = CreateKey();
    private TestPlatform? _platform;

    public DaprTestApp App { get; private set; } = null!;
    public TestPlatform Platform => _platform!;

    public async Task InitializeAsync()
    {
        _platform = new TestPlatform(["compliance"], new Dictionary<string, string>
        {
            ["compliance-signing-key"] = SigningKeyPem,
            ["compliance-pseudonym-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        App = await _platform.StartAsync<Program>("compliance");
    }

    public async Task DisposeAsync()
    {
        if (_platform is not null) await _platform.DisposeAsync();
    }

    private static string CreateKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
