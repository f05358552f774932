using GoLive.ServiceDefaults;
using GoLive.ServiceDefaults.Privacy;
using GoLive.Webhooks;
using GoLive.Webhooks.Deliveries;
using GoLive.Webhooks.Endpoints;
using GoLive.Webhooks.Events;
using GoLive.Webhooks.Privacy;

var builder = WebApplication.CreateBuilder(args);

// Logging, telemetry, problem details, health checks and the Dapr client, as in every GoLive app.
builder.AddServiceDefaults();
// The API description (/openapi/v1.json) that the Gateway merges into the partner document.
builder.Services.AddOpenApi();

// Endpoints, signing, durable deliveries and the loop that sends them.
builder.AddWebhooks();

var app = builder.Build();

// Status events arrive as CloudEvents; this route needs the envelope (id, type), so keep it before unwrapping.
app.KeepEnvelope();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi();

// Admin API for partners' endpoints, messages and recovery; the public catalogue; Status's events; privacy contract.
app.MapEndpoints();
app.MapMessages();
app.MapEventTypes();
app.MapStatusEvents();
app.MapPrivacyContract<WebhookContacts>();

app.Run();

public partial class Program;
