using GoLive.Runtime.ActorApp;

// The actor conformance app: hosts CounterActor and records what its actors observe so tests can ask.
var app = ActorApp.Build(args);
await app.RunAsync();
