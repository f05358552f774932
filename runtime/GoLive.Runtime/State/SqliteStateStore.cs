using System.Threading.Channels;
using GoLive.Runtime.Components;
using GoLive.Runtime.Sidecar;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GoLive.Runtime.State;

/// <summary>
/// <c>state.sqlite</c>: a durable store in one SQLite file (WAL, <c>synchronous=FULL</c>). All writes go through one
/// writer connection that commits concurrent requests together (group commit: one fsync for many saves); each request
/// runs in its own savepoint, so one request's ETag conflict fails only that request. Reads use pooled connections.
/// ETags are versions from a store-wide counter, so a deleted-then-recreated key never reuses an old ETag.
/// </summary>
internal sealed class SqliteStateStore : IStateStore, IComponentCapabilities, IAsyncDisposable
{
    private const int MaxRequestsPerCommit = 512;

    private readonly string _connectionString;
    private readonly string _table;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SqliteConnection _writer;
    private readonly Channel<WriteRequest> _writes = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writerLoop;
    private readonly ITimer? _cleanup;
    private long _version;

    private sealed record WriteRequest(IReadOnlyList<StateOperation> Operations, TaskCompletionSource Done);

    public IReadOnlyList<string> Capabilities { get; } = ["ETAG", "TRANSACTIONAL", "TTL", "ACTOR"];

    private SqliteStateStore(string connectionString, string table, SqliteConnection writer, long version, TimeSpan cleanupInterval, TimeProvider time, ILogger logger)
    {
        _connectionString = connectionString;
        _table = table;
        _writer = writer;
        _version = version;
        _time = time;
        _logger = logger;
        _writerLoop = Task.Run(WriteLoopAsync);
        if (cleanupInterval > TimeSpan.Zero)
            _cleanup = time.CreateTimer(_ => _writes.Writer.TryWrite(new WriteRequest([], new TaskCompletionSource())), null, cleanupInterval, cleanupInterval);
    }

    public static async Task<SqliteStateStore> OpenAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        var table = context.Get("tableName") ?? "state";
        if (!System.Text.RegularExpressions.Regex.IsMatch(table, "^[A-Za-z_][A-Za-z0-9_]*$"))
            throw context.Invalid($"tableName '{table}' must be a plain SQL identifier");
        var builder = ParseConnectionString(context.Require("connectionString"));
        builder.Pooling = true;
        // Microsoft.Data.Sqlite retries a busy database until this timeout, which is what daprd's `timeout` bounds.
        builder.DefaultTimeout = Math.Max(1, (int)context.GetDuration("timeout", TimeSpan.FromSeconds(20)).TotalSeconds);
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder) Directory.CreateDirectory(folder);

        var writer = new SqliteConnection(builder.ConnectionString);
        await writer.OpenAsync(cancellationToken);
        await ExecuteAsync(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        await ExecuteAsync(writer, $"""
            CREATE TABLE IF NOT EXISTS {table} (
                key TEXT NOT NULL PRIMARY KEY,
                value BLOB NOT NULL,
                etag INTEGER NOT NULL,
                expires_at INTEGER NULL,
                updated_at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS {table}_expires_at ON {table}(expires_at) WHERE expires_at IS NOT NULL;
            """);
        using var max = writer.CreateCommand();
        max.CommandText = $"SELECT COALESCE(MAX(etag), 0) FROM {table}";
        var version = (long)(await max.ExecuteScalarAsync(cancellationToken))!;
        return new SqliteStateStore(builder.ConnectionString, table, writer, version,
            context.GetDuration("cleanupInterval", TimeSpan.FromHours(1)), context.Time,
            context.LoggerFactory.CreateLogger<SqliteStateStore>());
    }

    /// <summary>Accepts a plain path, a <c>file:</c> URI (query ignored) or an ADO.NET connection string.</summary>
    private static SqliteConnectionStringBuilder ParseConnectionString(string value)
    {
        if (value.Contains('=', StringComparison.Ordinal) && !value.StartsWith("file:", StringComparison.Ordinal))
            return new SqliteConnectionStringBuilder(value);
        var path = value.StartsWith("file:", StringComparison.Ordinal) ? value[5..].Split('?')[0] : value;
        return new SqliteConnectionStringBuilder { DataSource = path };
    }

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, key, cancellationToken);
    }

    public async Task<IReadOnlyList<KeyValuePair<string, StateEntry>>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT key, value, etag, expires_at FROM {_table}
            WHERE substr(key, 1, length($prefix)) = $prefix AND (expires_at IS NULL OR expires_at > $now) LIMIT $limit
            """;
        command.Parameters.AddWithValue("$prefix", prefix);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        var found = new List<KeyValuePair<string, StateEntry>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var expires = reader.IsDBNull(3) ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3));
            found.Add(new(reader.GetString(0), new StateEntry((byte[])reader.GetValue(1), ETagRules.Format(reader.GetInt64(2)), expires)));
        }
        return found;
    }

    public Task ApplyAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        var request = new WriteRequest(operations, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_writes.Writer.TryWrite(request))
            throw DaprErrors.Internal("ERR_STATE_SAVE", "the sqlite state store is closed");
        return request.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<WriteRequest>(MaxRequestsPerCommit);
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxRequestsPerCommit && _writes.Reader.TryRead(out var request)) batch.Add(request);
            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<WriteRequest> batch)
    {
        var outcomes = new Exception?[batch.Count];
        try
        {
            await using var transaction = (SqliteTransaction)await _writer.BeginTransactionAsync();
            var now = _time.GetUtcNow();
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Operations.Count == 0)
                {
                    await SweepExpiredAsync(transaction, now);
                    continue;
                }
                transaction.Save("request");
                try
                {
                    foreach (var operation in batch[i].Operations) await WriteAsync(transaction, operation, now);
                    transaction.Release("request");
                }
                catch (DaprApiException e)
                {
                    transaction.Rollback("request");
                    transaction.Release("request");
                    outcomes[i] = e;
                }
            }
            await transaction.CommitAsync();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            _logger.LogError(e, "SQLite state store commit failed for {Count} requests", batch.Count);
            var failure = DaprErrors.Internal("ERR_STATE_SAVE", $"failed saving state in sqlite: {e.Message}");
            for (var i = 0; i < outcomes.Length; i++) outcomes[i] ??= failure;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } error) batch[i].Done.TrySetException(error);
            else batch[i].Done.TrySetResult();
        }
    }

    private async Task WriteAsync(SqliteTransaction transaction, StateOperation operation, DateTimeOffset now)
    {
        ETagRules.Check(operation, await ReadAsync(_writer, transaction, operation.Key, CancellationToken.None));
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$key", operation.Key);
        if (operation is StateUpsert upsert)
        {
            command.CommandText = $"""
                INSERT INTO {_table}(key, value, etag, expires_at, updated_at) VALUES ($key, $value, $etag, $expires, $now)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at, updated_at = excluded.updated_at
                """;
            command.Parameters.AddWithValue("$value", upsert.Value);
            command.Parameters.AddWithValue("$etag", ++_version);
            command.Parameters.AddWithValue("$expires", (object?)InMemoryStateStore.ExpiryOf(upsert, now)?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        }
        else
        {
            command.CommandText = $"DELETE FROM {_table} WHERE key = $key";
        }
        await command.ExecuteNonQueryAsync();
    }

    private async Task<StateEntry?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT value, etag, expires_at FROM {_table} WHERE key = $key AND (expires_at IS NULL OR expires_at > $now)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var expires = reader.IsDBNull(2) ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
        return new StateEntry((byte[])reader.GetValue(0), ETagRules.Format(reader.GetInt64(1)), expires);
    }

    private async Task SweepExpiredAsync(SqliteTransaction transaction, DateTimeOffset now)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {_table} WHERE expires_at IS NOT NULL AND expires_at <= $now";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var removed = await command.ExecuteNonQueryAsync();
        if (removed > 0) _logger.LogDebug("Removed {Count} expired keys from {Table}", removed, _table);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _cleanup?.Dispose();
        _writes.Writer.TryComplete();
        await _writerLoop;
        await _writer.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }
}
