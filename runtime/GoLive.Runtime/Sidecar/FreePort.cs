using System.Net;
using System.Net.Sockets;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// Finds a TCP port nobody listens on yet, for apps that must be told their port before they start. Ports come from
/// below Linux's ephemeral range (32768+), which outgoing connections draw from, so a port handed out here is not taken by
/// some client socket before the app binds it; each process starts at a random point so parallel test runs rarely meet.
/// </summary>
public static class FreePort
{
    private const int First = 20_000, Last = 32_000;
    private static int _next = Random.Shared.Next(First, Last);

    public static int Next()
    {
        for (var attempt = 0; attempt < Last - First; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % (Last - First));
            if (IsFree(port)) return port;
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
