using GoLive.Runtime.Launcher;

// golive-runtime: `run [-f dapr.yaml]` launches every app of a multi-app run file with a local sidecar each;
// `sidecar --app-id …` runs one standalone sidecar, like daprd.
return await RuntimeCommandLine.RunAsync(args);
