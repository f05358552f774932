using Dapr.Actors;

namespace GoLive.Runtime.ActorApp;

/// <summary>Builds the actor app; tests start it in-process against their sidecar, `dapr run` as a process.</summary>
public static class ActorApp
{
    public sealed record Settings(string SidecarHttpEndpoint, int AppPort, TimeSpan? IdleTimeout = null, bool Reentrancy = false);

    public static WebApplication Build(string[] args, Settings? settings = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (settings is not null) builder.WebHost.UseUrls($"http://127.0.0.1:{settings.AppPort}");
        builder.Services.AddSingleton<ActorJournal>();
        builder.Services.AddActors(options =>
        {
            options.Actors.RegisterActor<CounterActor>();
            if (settings is null) return;
            options.HttpEndpoint = settings.SidecarHttpEndpoint;
            if (settings.IdleTimeout is { } idle)
            {
                options.ActorIdleTimeout = idle;
                options.ActorScanInterval = TimeSpan.FromMilliseconds(200);
            }
            if (settings.Reentrancy) options.ReentrancyConfig = new ActorReentrancyConfig { Enabled = true, MaxStackDepth = 8 };
        });
        var app = builder.Build();
        app.MapActorsHandlers();
        return app;
    }
}
