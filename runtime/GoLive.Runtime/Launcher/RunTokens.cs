using System.Buffers.Text;
using System.Security.Cryptography;

namespace GoLive.Runtime.Launcher;

/// <summary>
/// The API tokens of a run: what the operator gives (an app's <c>env</c>, else the launcher's environment), else one random
/// <c>DAPR_API_TOKEN</c> and one random <c>APP_API_TOKEN</c> for the whole run, so no sidecar or app is open to whoever
/// reaches its port. They are handed to the apps and sidecars only, never printed or logged.
/// </summary>
internal sealed class RunTokens
{
    public const string ApiToken = "DAPR_API_TOKEN";
    public const string AppApiToken = "APP_API_TOKEN";

    private readonly string _api = FromEnvironment(ApiToken) ?? New();
    private readonly string _app = FromEnvironment(AppApiToken) ?? New();

    /// <summary>The tokens <paramref name="app"/> and its sidecar use.</summary>
    public (string Api, string App) For(RunFileApp app) =>
        (NonEmpty(app.Env.GetValueOrDefault(ApiToken)) ?? _api, NonEmpty(app.Env.GetValueOrDefault(AppApiToken)) ?? _app);

    // 256 bits, URL-safe so it passes unquoted through headers, env files and shells.
    private static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string? FromEnvironment(string name) => NonEmpty(Environment.GetEnvironmentVariable(name));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
