using System.Diagnostics;
using System.Reflection;
using GoLive.Runtime.Sidecar;
using Microsoft.AspNetCore.Builder;

namespace GoLive.Runtime.Bench.Hosts;

/// <summary>
/// The bench executable's child modes for the memory scenario: <c>host-sidecars N</c> hosts N idle sidecars in one
/// <see cref="RuntimeHost"/>, <c>host-empty</c> an empty Kestrel app (the baseline). Each prints <c>ready URL…</c> (the health
/// URLs to poll) and runs until its standard input closes.
/// </summary>
internal static class IdleHost
{
    public const string EmptyMode = "host-empty", SidecarsMode = "host-sidecars", ReadyPrefix = "ready ";

    public static bool IsChildMode(string[] args) => args.Length > 0 && args[0] is EmptyMode or SidecarsMode;

    /// <summary>How to start this executable again in a child mode, whether it runs as an apphost or through <c>dotnet</c>.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("the bench cannot find its own executable");
        var start = new ProcessStartInfo(self);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] == EmptyMode)
        {
            var port = FreePort.Next();
            await using var app = LoopbackApp.CreateBuilder(port).Build();
            app.MapGet("/", () => "idle");
            await app.StartAsync();
            await ReportReadyAndIdleAsync([$"http://127.0.0.1:{port}/"]);
            return 0;
        }

        var count = args.Length > 1 && int.TryParse(args[1], out var n) && n > 0 ? n : 1;
        await using var host = new RuntimeHost();
        var urls = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var sidecar = await host.StartSidecarAsync(new SidecarOptions { AppId = $"idle-{i}" });
            await sidecar.WaitForReadyAsync();
            urls.Add(sidecar.HttpEndpoint + "/v1.0/healthz");
        }
        await ReportReadyAndIdleAsync(urls);
        return 0;
    }

    private static async Task ReportReadyAndIdleAsync(IEnumerable<string> healthUrls)
    {
        Console.WriteLine(ReadyPrefix + string.Join(' ', healthUrls));
        // The parent closes our standard input when it has read our memory.
        while (await Console.In.ReadLineAsync() is not null) { }
    }
}
