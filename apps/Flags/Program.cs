using GoLive.DaprAccess.State;
using GoLive.Flags.Catalog;
using GoLive.Flags.Client;
using GoLive.Flags.Evaluation;
using GoLive.Flags.Flags;
using GoLive.Flags.Rollouts;
using GoLive.Flags.Schedules;
using GoLive.Flags.Segments;
using GoLive.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// The API description (/openapi/v1.json) that the Gateway merges into the partner document.
builder.Services.AddOpenApi();

// The catalog lives in the state store (one entry, outbox-published changes); time is injectable for tests.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddStateStore();
builder.Services.AddSingleton<CatalogStore>();
builder.Services.AddSingleton<CatalogEditor>();

// This instance's own evaluator serves the evaluation API and the snapshot; the loader keeps it current.
builder.Services.AddSingleton<FlagsClient>();
builder.Services.AddSingleton<CatalogLoader>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<CatalogLoader>());

// Scheduled changes and rollout steps run on a one-second loop; burn-rate events pause or roll back rollouts.
builder.Services.AddSingleton<FlagScheduler>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<FlagScheduler>());
builder.Services.AddSingleton<GuardedRollouts>();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();

app.MapFlags();
app.MapSegments();
app.MapSchedules();
app.MapRollouts();
app.MapEvaluation();
app.MapBurnRateSubscription();

app.Run();

public partial class Program;
