using System.Collections;

namespace GoLive.Runtime.Secrets;

/// <summary>
/// <c>secretstores.local.env</c>: secrets are the process's environment variables. With a <c>prefix</c>, only variables
/// starting with it are visible, named without it (case-insensitive on Windows, as the OS is). As in daprd, the sidecar's
/// own variables (<c>DAPR_*</c>, <c>APP_API_TOKEN</c>) are never given out, and a missing variable reads as an empty value.
/// </summary>
internal sealed class EnvSecretStore(string prefix) : ISecretStore
{
    private static readonly StringComparison PrefixComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string name, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken)
    {
        var variable = prefix + name;
        var value = IsAllowed(variable) ? Environment.GetEnvironmentVariable(variable) ?? "" : "";
        return ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(new Dictionary<string, string>(1, StringComparer.Ordinal) { [name] = value });
    }

    public ValueTask<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> GetBulkAsync(IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken)
    {
        var secrets = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var variable = (string)entry.Key;
            if (variable.Length <= prefix.Length || !variable.StartsWith(prefix, PrefixComparison) || !IsAllowed(variable)) continue;
            var name = variable[prefix.Length..];
            secrets[name] = new Dictionary<string, string>(1, StringComparer.Ordinal) { [name] = (string?)entry.Value ?? "" };
        }
        return ValueTask.FromResult<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>(secrets);
    }

    private static bool IsAllowed(string variable) =>
        !variable.Equals("APP_API_TOKEN", StringComparison.OrdinalIgnoreCase) && !variable.StartsWith("DAPR_", StringComparison.OrdinalIgnoreCase);
}
