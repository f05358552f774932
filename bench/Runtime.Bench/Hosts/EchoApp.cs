using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GoLive.Runtime.Bench.Hosts;

/// <summary>The invocation target: <c>POST /echo</c> answers with the request body.</summary>
internal static class EchoApp
{
    public static WebApplication Build(int port)
    {
        var app = LoopbackApp.CreateBuilder(port).Build();
        app.MapPost("/echo", EchoAsync);
        return app;
    }

    static async Task EchoAsync(HttpContext http)
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
