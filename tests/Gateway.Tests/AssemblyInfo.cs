// WebApplicationFactory starts of the same entry point in parallel can pick up each other's host (HostFactoryResolver
// listens process-wide), so the platforms of this project start one test class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
