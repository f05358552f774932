using GoLive.DaprAccess.State;
using GoLive.Gateway.ApiDocs;
using GoLive.Gateway.Idempotency;
using GoLive.Gateway.Keys;
using GoLive.Gateway.Proxy;
using GoLive.Gateway.RateLimits;
using GoLive.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

// Logs, telemetry, problem details, correlation ids, health checks and the Dapr client, like every GoLive app.
builder.AddServiceDefaults();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddStateStore();

// Partner API keys (admin API, hashed storage, cached lookups invalidated by events).
builder.Services.AddApiKeys(builder.Configuration);
// Token buckets per key, organisation and failing client IP, shared by every instance through the state store.
builder.Services.AddRateLimits(builder.Configuration);
// Stripe-style idempotency keys on unsafe methods.
builder.Services.AddIdempotencyKeys(builder.Configuration);
// YARP routes to the apps through the sidecar's invoke endpoint.
builder.Services.AddPartnerProxy(builder.Configuration);
// One OpenAPI document (gateway + apps) and its reference page.
builder.Services.AddApiDocuments();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapApiKeys();
app.MapApiDocuments();
app.MapPartnerProxy();

app.Run();

public partial class Program;
