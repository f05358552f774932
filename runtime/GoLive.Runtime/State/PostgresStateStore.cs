using System.Text;
using System.Text.Json;
using GoLive.Runtime.Components;
using GoLive.Runtime.Sidecar;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace GoLive.Runtime.State;

/// <summary>
/// <c>state.postgresql</c> on Dapr's v1 table shape (<c>key, value jsonb, isbinary, insertdate, updatedate, expiredate</c>).
/// The row's <c>xmin</c> is the ETag. Every request is one database transaction; a per-key advisory lock makes the ETag
/// check and the write atomic against other writers. Non-JSON values are stored base64 with <c>isbinary</c>; JSON values
/// come back as PostgreSQL's <c>jsonb</c> renders them (same data, normalised spacing).
/// </summary>
internal sealed class PostgresStateStore : IStateStore, IComponentCapabilities, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;
    private readonly ILogger _logger;
    private readonly ITimer? _cleanup;

    public IReadOnlyList<string> Capabilities { get; } = ["ETAG", "TRANSACTIONAL", "TTL", "ACTOR"];

    private PostgresStateStore(NpgsqlDataSource dataSource, string table, TimeSpan cleanupInterval, TimeProvider time, ILogger logger)
    {
        _dataSource = dataSource;
        _table = table;
        _logger = logger;
        if (cleanupInterval > TimeSpan.Zero)
            _cleanup = time.CreateTimer(_ => _ = SweepExpiredAsync(), null, cleanupInterval, cleanupInterval);
    }

    public static async Task<PostgresStateStore> OpenAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        var table = context.Get("tableName") ?? "state";
        if (!System.Text.RegularExpressions.Regex.IsMatch(table, "^[A-Za-z_][A-Za-z0-9_]*$"))
            throw context.Invalid($"tableName '{table}' must be a plain SQL identifier");
        NpgsqlConnectionStringBuilder connection;
        try { connection = new NpgsqlConnectionStringBuilder(context.Require("connectionString")); }
        catch (ArgumentException e) { throw context.Invalid($"connectionString is not a valid PostgreSQL connection string: {e.Message}"); }
        connection.CommandTimeout = Math.Max(1, (int)context.GetDuration("timeout", TimeSpan.FromSeconds(20)).TotalSeconds);
        TuneForStateCalls(connection, context.Require("connectionString"));
        var dataSource = NpgsqlDataSource.Create(connection);
        try
        {
            await using var command = dataSource.CreateCommand($"""
                CREATE TABLE IF NOT EXISTS {table} (
                    key text NOT NULL PRIMARY KEY,
                    value jsonb NOT NULL,
                    isbinary boolean NOT NULL,
                    insertdate timestamptz NOT NULL DEFAULT now(),
                    updatedate timestamptz NULL,
                    expiredate timestamptz NULL);
                CREATE INDEX IF NOT EXISTS {table}_expiredate ON {table}(expiredate) WHERE expiredate IS NOT NULL;
                """);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            await dataSource.DisposeAsync();
            throw context.Invalid($"cannot reach PostgreSQL or create table '{table}': {e.Message}");
        }
        return new PostgresStateStore(dataSource, table, context.GetDuration("cleanupInterval", TimeSpan.FromHours(1)), context.Time,
            context.LoggerFactory.CreateLogger<PostgresStateStore>());
    }

    /// <summary>
    /// The store sends the same few statements over and over and keeps no session state (its locks are transaction-scoped),
    /// so unless the operator's connection string says otherwise: prepare them once per connection, and skip the
    /// session reset a pooled connection otherwise gets on every return to the pool.
    /// </summary>
    private static void TuneForStateCalls(NpgsqlConnectionStringBuilder connection, string configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains("MaxAutoPrepare")) connection.MaxAutoPrepare = 32;
        if (!given.Contains("AutoPrepareMinUsages")) connection.AutoPrepareMinUsages = 2;
        if (!given.Contains("NoResetOnClose")) connection.NoResetOnClose = true;
    }

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await ReadAsync(connection, null, key, cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw DaprErrors.Internal("ERR_STATE_GET", $"fail to get {key} from state store: {e.Message}");
        }
    }

    public async Task ApplyAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            if (operations is [StateUpsert { ETag: null or "", FirstWrite: false } unconditional])
            {
                // A last-write save has nothing to check: one statement, no transaction, no lock.
                await using var upsert = UpsertCommand(connection, null, unconditional);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var operation in operations) await WriteAsync(connection, transaction, operation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            _logger.LogWarning(e, "PostgreSQL state write failed and was rolled back");
            throw DaprErrors.Internal("ERR_STATE_SAVE", $"failed saving state in postgresql, nothing was written: {e.Message}");
        }
    }

    public async Task<IReadOnlyList<KeyValuePair<string, StateEntry>>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT key FROM {_table} WHERE starts_with(key, $1) AND (expiredate IS NULL OR expiredate > now()) LIMIT $2", connection);
        command.Parameters.AddWithValue(prefix);
        command.Parameters.AddWithValue(limit);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) keys.Add(reader.GetString(0));
        var found = new List<KeyValuePair<string, StateEntry>>();
        foreach (var key in keys)
            if (await ReadAsync(connection, null, key, cancellationToken) is { } entry) found.Add(new(key, entry));
        return found;
    }

    private async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StateOperation operation, CancellationToken cancellationToken)
    {
        await using (var lockKey = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection, transaction))
        {
            lockKey.Parameters.AddWithValue(operation.Key);
            await lockKey.ExecuteNonQueryAsync(cancellationToken);
        }
        // FOR UPDATE holds the row from the check to the commit, so an unlocked last-write save cannot slip in between.
        ETagRules.Check(operation, await ReadAsync(connection, transaction, operation.Key, cancellationToken, forUpdate: true));
        var onlyIfAbsent = operation is { FirstWrite: true, ETag: null or "" };
        await using var command = operation is StateUpsert upsert
            ? UpsertCommand(connection, transaction, upsert, onlyIfAbsent)
            : new NpgsqlCommand($"DELETE FROM {_table} WHERE key = $1", connection, transaction) { Parameters = { new() { Value = operation.Key } } };
        // A first-write insert loses to a row created since the check (it had no row to lock): then it is a conflict.
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0 && onlyIfAbsent && operation is StateUpsert)
            throw ETagRules.Mismatch(operation, $"possible etag mismatch. error from state store: first-write: key {operation.Key} already exists");
    }

    private NpgsqlCommand UpsertCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, StateUpsert upsert, bool onlyIfAbsent = false)
    {
        var (json, isBinary) = Encode(upsert.Value);
        var command = new NpgsqlCommand($"""
            INSERT INTO {_table}(key, value, isbinary, insertdate, expiredate)
            VALUES ($1, $2, $3, now(), CASE WHEN $4 >= 0 THEN now() + make_interval(secs => $4) END)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, isbinary = excluded.isbinary, updatedate = now(), expiredate = excluded.expiredate
            {(onlyIfAbsent ? $"WHERE {_table}.expiredate IS NOT NULL AND {_table}.expiredate <= now()" : "")}
            """, connection, transaction);
        command.Parameters.AddWithValue(upsert.Key);
        command.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(isBinary);
        command.Parameters.AddWithValue(upsert.Ttl is { } ttl ? ttl.TotalSeconds : -1d);
        return command;
    }

    private async Task<StateEntry?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, CancellationToken cancellationToken,
        bool forUpdate = false)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT value::text, isbinary, xmin::text, expiredate FROM {_table} WHERE key = $1 AND (expiredate IS NULL OR expiredate > now()){(forUpdate ? " FOR UPDATE" : "")}",
            connection, transaction);
        command.Parameters.AddWithValue(key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var text = reader.GetString(0);
        var value = reader.GetBoolean(1) ? Convert.FromBase64String(JsonSerializer.Deserialize(text, StateJson.Default.String)!) : Encoding.UTF8.GetBytes(text);
        DateTimeOffset? expires = reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero);
        return new StateEntry(value, reader.GetString(2), expires);
    }

    /// <summary>JSON values go into jsonb as they are; anything else as a base64 JSON string marked binary.</summary>
    private static (string Json, bool IsBinary) Encode(byte[] value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return (Encoding.UTF8.GetString(value), false);
        }
        catch (JsonException)
        {
            return (JsonSerializer.Serialize(Convert.ToBase64String(value), StateJson.Default.String), true);
        }
    }

    private async Task SweepExpiredAsync()
    {
        try
        {
            await using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE expiredate IS NOT NULL AND expiredate <= now()");
            var removed = await command.ExecuteNonQueryAsync();
            if (removed > 0) _logger.LogDebug("Removed {Count} expired keys from {Table}", removed, _table);
        }
        catch (NpgsqlException e)
        {
            _logger.LogWarning(e, "Cleaning up expired keys in {Table} failed", _table);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cleanup?.Dispose();
        await _dataSource.DisposeAsync();
    }
}
