using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GoLive.Runtime.Bench.Hosts;

/// <summary>
/// The invocation target: <c>POST /echo</c> answers with the request body. With an app token, a request that presents
/// <c>dapr-api-token</c> must present that token (checked as ServiceDefaults checks it), so the check's cost is measured.
/// </summary>
internal static class EchoApp
{
    public static WebApplication Build(int port, string? appToken = null)
    {
        var app = LoopbackApp.CreateBuilder(port).Build();
        if (appToken is not null)
        {
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(appToken));
            app.Use((context, next) =>
            {
                if (context.Request.Headers["dapr-api-token"] is [{ } presented]
                    && !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        app.MapPost("/echo", EchoAsync);
        return app;
    }

    private static async Task EchoAsync(HttpContext http)
    {
        var length = (int)(http.Request.ContentLength ?? 0);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            await http.Request.Body.ReadExactlyAsync(buffer.AsMemory(0, length), http.RequestAborted);
            http.Response.ContentType = "application/octet-stream";
            http.Response.ContentLength = length;
            await http.Response.Body.WriteAsync(buffer.AsMemory(0, length), http.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
