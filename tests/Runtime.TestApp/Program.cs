using GoLive.Runtime.TestApp;

// The conformance app: subscribes, answers invocations and bindings, and records what it received so tests can ask.
var app = ConformanceApp.Build(args);
await app.RunAsync();
