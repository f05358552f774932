using Dapr;
using Dapr.Client;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.State;
using Grpc.Core;

namespace GoLive.Runtime.Tests.Resiliency;

/// <summary>Outbound resiliency on component calls: retries of server-side failures, timeouts, and no retry without a policy.</summary>
public sealed class ComponentResiliencyTests : IAsyncLifetime
{
    private readonly RuntimeHost _host = new();
    private readonly Dictionary<string, FlakyStore> _stores = [];
    private DaprClient _dapr = null!;

    private const string Components = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: { name: flaky }
        spec: { type: test.flaky, version: v1, metadata: [ { name: failures, value: "2" } ] }
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: { name: unguarded }
        spec: { type: test.flaky, version: v1, metadata: [ { name: failures, value: "1" } ] }
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: { name: sluggish }
        spec: { type: test.flaky, version: v1, metadata: [ { name: delayMs, value: "5000" } ] }
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata: { name: outbound }
        spec:
          policies:
            timeouts: { quick: 200ms }
            retries: { three: { policy: constant, duration: 10ms, maxRetries: 3 } }
          targets:
            components:
              flaky: { outbound: { retry: three } }
              sluggish: { outbound: { timeout: quick } }
        """;

    public async Task InitializeAsync()
    {
        _host.ComponentTypes.Add("test.flaky", ["v1"], ["failures", "delayMs"], (context, _) =>
        {
            var store = new FlakyStore(context.GetInt("failures", 0), TimeSpan.FromMilliseconds(context.GetInt("delayMs", 0)));
            _stores[context.Spec.Name] = store;
            return ValueTask.FromResult<object>(new StateStoreComponent(context.Spec.Name, store, "appid"));
        });
        var folder = Directory.CreateTempSubdirectory("golive-outbound-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "components.yaml"), Components);
        var sidecar = await _host.StartSidecarAsync(new SidecarOptions { AppId = "outbound", ResourcesPaths = [folder] });
        _dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
    }

    public async Task DisposeAsync()
    {
        _dapr.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_store_that_fails_twice_is_retried_and_the_save_succeeds()
    {
        await _dapr.SaveStateAsync("flaky", "k", 1);
        Assert.Equal(3, _stores["flaky"].Attempts);
    }

    [Fact]
    public async Task Without_a_policy_the_first_failure_is_the_answer()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => _dapr.SaveStateAsync("unguarded", "k", 1));
        Assert.Equal(StatusCode.Internal, Assert.IsType<RpcException>(error.InnerException).StatusCode);
        Assert.Equal(1, _stores["unguarded"].Attempts);
    }

    [Fact]
    public async Task A_call_slower_than_the_timeout_fails_with_a_timeout_error()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => _dapr.SaveStateAsync("sluggish", "k", 1));
        Assert.Contains("ERR_COMPONENT_TIMEOUT", Assert.IsType<RpcException>(error.InnerException).Status.Detail);
    }

    /// <summary>Fails its first N calls as a broken server would, or answers late; otherwise stores nothing.</summary>
    private sealed class FlakyStore(int failures, TimeSpan delay) : IStateStore
    {
        private int _attempts;

        public int Attempts => _attempts;

        public Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) => Task.FromResult<StateEntry?>(null);

        public async Task ApplyAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) <= failures) throw DaprErrors.Internal("ERR_STATE_SAVE", "simulated server failure");
            if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken);
        }

        public Task<IReadOnlyList<KeyValuePair<string, StateEntry>>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<KeyValuePair<string, StateEntry>>>([]);
    }
}
