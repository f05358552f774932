using Dapr;
using Dapr.Client;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;
using Grpc.Core;
using Npgsql;

namespace GoLive.Runtime.Tests.State;

/// <summary>PostgreSQL failing under the runtime: no partial transaction, a clear error, and recovery afterwards.</summary>
public sealed class PostgresFailureTests : IAsyncLifetime
{
    private readonly string _table = "golive_failure_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _application = "golive-failure-" + Guid.NewGuid().ToString("N")[..8];
    private readonly RuntimeHost _host = new();
    private DaprClient _dapr = null!;

    public async Task InitializeAsync()
    {
        if (!TestServers.Included) return;
        var folder = Directory.CreateTempSubdirectory("golive-pg-failure-").FullName;
        var connection = new NpgsqlConnectionStringBuilder(TestServers.Postgres) { ApplicationName = _application }.ConnectionString;
        await File.WriteAllTextAsync(Path.Combine(folder, "pg.yaml"), $"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: pg
            spec:
              type: state.postgresql
              version: v1
              metadata:
                - name: connectionString
                  value: "{connection}"
                - name: tableName
                  value: {_table}
            """);
        var sidecar = await _host.StartSidecarAsync(new SidecarOptions { AppId = "pgfail", ResourcesPaths = [folder] });
        _dapr = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
    }

    public async Task DisposeAsync()
    {
        _dapr?.Dispose();
        await _host.DisposeAsync();
        if (TestServers.Included) await ExecuteAsync($"DROP TABLE IF EXISTS {_table}");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServers.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [ServerFact]
    public async Task A_database_error_in_the_middle_of_a_transaction_applies_none_of_it()
    {
        await ExecuteAsync($"ALTER TABLE {_table} ADD CONSTRAINT no_poison CHECK (key NOT LIKE '%poison%')");
        await _dapr.SaveStateAsync("pg", "balance", 100);
        var error = await Assert.ThrowsAsync<DaprException>(() => _dapr.ExecuteStateTransactionAsync("pg",
        [
            new("balance", "50"u8.ToArray(), StateOperationType.Upsert),
            new("poison", "1"u8.ToArray(), StateOperationType.Upsert),
        ]));
        var rpc = Assert.IsType<RpcException>(error.InnerException);
        Assert.Equal(StatusCode.Internal, rpc.StatusCode);
        Assert.Contains("nothing was written", rpc.Status.Detail);
        Assert.Equal(100, await _dapr.GetStateAsync<int>("pg", "balance"));
    }

    [ServerFact]
    public async Task Dropped_connections_give_a_clear_error_or_a_fresh_connection_and_never_lose_a_write()
    {
        await _dapr.SaveStateAsync("pg", "counter", 1);
        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{_application}'");
        // The pooled connections are gone: a call may fail once with a clear error, then the pool reconnects.
        try
        {
            await _dapr.SaveStateAsync("pg", "counter", 2);
        }
        catch (DaprException e)
        {
            Assert.Contains("ERR_STATE_SAVE", Assert.IsType<RpcException>(e.InnerException).Status.Detail);
            await _dapr.SaveStateAsync("pg", "counter", 2);
        }
        Assert.Equal(2, await _dapr.GetStateAsync<int>("pg", "counter"));
    }
}
