using System.Net.Sockets;
using Xunit;

namespace GoLive.Testing;

/// <summary>
/// The real servers some components need: PostgreSQL and Redis on loopback (.ci/run installs and starts them).
/// Locally, missing servers leave their components out; with GOLIVE_REQUIRE_ALL=1 they are always in, so a missing
/// server fails the run instead of skipping.
/// </summary>
public static class TestServers
{
    public static string Postgres { get; } = Environment.GetEnvironmentVariable("GOLIVE_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres";

    public static string Redis { get; } = Environment.GetEnvironmentVariable("GOLIVE_REDIS") ?? "127.0.0.1:6379";

    private static readonly Lazy<bool> Reachable = new(() => Listening("127.0.0.1", 5432) && Listening("127.0.0.1", 6379));

    /// <summary>Whether the server-backed components are part of this run.</summary>
    public static bool Included => RequiredTools.RequireAll || Reachable.Value;

    public static IReadOnlyDictionary<string, string> Placeholders => new Dictionary<string, string> { ["POSTGRES"] = Postgres, ["REDIS"] = Redis };

    private static bool Listening(string host, int port)
    {
        // Synchronous by design: it runs once, from a static Lazy that test discovery reads.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var attempt = socket.BeginConnect(host, port, null, null);
        try
        {
            return attempt.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(1)) && socket.Connected;
        }
        finally
        {
            if (socket.Connected) socket.EndConnect(attempt);
        }
    }
}

/// <summary>A fact that needs the PostgreSQL and Redis servers: skipped locally without them, never skipped in CI.</summary>
public sealed class ServerFactAttribute : FactAttribute
{
    public ServerFactAttribute() => Skip = TestServers.Included ? null : "PostgreSQL/Redis not running on loopback (CI sets GOLIVE_REQUIRE_ALL=1 and starts them)";
}
