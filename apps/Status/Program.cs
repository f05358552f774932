using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Privacy;
using GoLive.Status;
using GoLive.Status.Components;
using GoLive.Status.Incidents;
using GoLive.Status.Page;
using GoLive.Status.Privacy;
using GoLive.Status.Samples;
using GoLive.Status.Slos;

var builder = WebApplication.CreateBuilder(args);

// Logs, telemetry, problem details, health checks and the Dapr client, as every GoLive app.
builder.AddServiceDefaults();
// The API description (/openapi/v1.json) that the Gateway merges into the partner document.
builder.Services.AddOpenApi();

// Samples → sketches → SLOs → incidents → the public page (see README.md).
builder.AddStatus();

var app = builder.Build();
app.UseServiceDefaults();
app.UseOutputCache();
app.UsePageCompression();
app.MapDefaultEndpoints();
app.MapOpenApi();

// Ingest: POST /v1/samples and topic status-samples.
app.MapSamples(app.Configuration.GetSection(IngestOptions.Section).Get<IngestOptions>()?.MaxBodyBytes ?? new IngestOptions().MaxBodyBytes);

// Operator API: SLO budgets and burn rates, incidents, maintenance.
app.MapSlos();
app.MapIncidents();
app.MapMaintenance();

// Public: /status, /status/incidents/{id}, /api/v2/summary.json, /status/feed.atom.
app.MapStatusPage();

// Privacy contract (holds no personal data): POST /privacy/export, /privacy/erase.
app.MapPrivacyContract<NoPersonalData>();

app.Run();

public partial class Program;
