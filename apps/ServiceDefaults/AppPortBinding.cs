using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace GoLive.ServiceDefaults;

/// <summary>Listens on loopback <c>APP_PORT</c> when nothing else says where to listen.</summary>
internal static class AppPortBinding
{
    public static void Apply(IConfigurationManager configuration)
    {
        var appPort = configuration["APP_PORT"];
        if (string.IsNullOrWhiteSpace(appPort) || !string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            return;
        }

        if (!int.TryParse(appPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"APP_PORT must be a TCP port between 1 and 65535, not '{appPort}'.");
        }

        configuration.AddInMemoryCollection([new("urls", $"http://127.0.0.1:{port}")]);
    }
}
