using GoLive.Runtime.Launcher;
using GoLive.Runtime.Sidecar;

// golive-runtime: `run [-f dapr.yaml]` launches every app of a multi-app run file with a local sidecar each;
// `sidecar --app-id …` runs one standalone sidecar, like daprd.
InlineSocketCompletions.Enable(); // before the first socket: .NET reads it once
return await RuntimeCommandLine.RunAsync(args);
