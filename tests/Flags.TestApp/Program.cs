using GoLive.Flags.Client;
using GoLive.ServiceDefaults;

namespace GoLive.Flags.TestApp;

/// <summary>An evaluator app: the client loads the snapshot from the Flags app and follows flags-events.</summary>
public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.Services.AddFlagsClient(options => options.RetryInterval = TimeSpan.FromMilliseconds(200));

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        app.MapFlagsClientEvents();

        app.MapGet("/evaluate/{key}", (string key, string? user, string? organisation, FlagsClient flags) =>
            TypedResults.Ok(flags.GetBoolean(key, false, new EvaluationContext { TargetingKey = user, Organisation = organisation })));

        app.Run();
    }
}
