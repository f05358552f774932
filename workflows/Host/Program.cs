using GoLive.ServiceDefaults;
using GoLive.Workflows;
using GoLive.Workflows.Host.DataSubjectRequests;
using GoLive.Workflows.Host.Management;

var builder = WebApplication.CreateBuilder(args);

// Logs, traces, health, problem details, correlation ids and the Dapr client, as in every GoLive app.
builder.AddServiceDefaults();

// The engine: instances are WorkflowActor actors; cross-service workflows register here as they arrive.
builder.Services.AddWorkflows(workflows => workflows.ResumeInterval = builder.Configuration.GetValue("Workflows:ResumeInterval", TimeSpan.FromSeconds(30)));

// Cross-service workflows: data-subject requests (export, erasure) across every service holding personal data.
builder.AddDataSubjectRequestWorkflow();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();

// The sidecar drives the actors through these routes (/dapr/config, /actors/...).
app.MapActorsHandlers();

// Start, inspect, steer and list instances.
app.MapWorkflowManagement();

app.Run();

public partial class Program;
