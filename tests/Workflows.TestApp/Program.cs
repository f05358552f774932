using GoLive.Workflows.TestApp;

// The workflow test app: hosts the test workflows; crash tests start it as a process and kill it.
var app = WorkflowsTestApp.Build(args);
await app.RunAsync();
