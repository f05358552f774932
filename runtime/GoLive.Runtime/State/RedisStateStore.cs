using GoLive.Runtime.Components;
using GoLive.Runtime.Sidecar;
using StackExchange.Redis;

namespace GoLive.Runtime.State;

/// <summary>
/// <c>state.redis</c>: each key is a hash <c>{data, version}</c>. One Lua script checks every operation's ETag and then
/// applies them all, so a save, a delete or a transaction is atomic. Versions come from one store-wide counter, so a
/// deleted-then-recreated key never reuses an old ETag. TTLs are Redis expirations.
/// </summary>
internal sealed class RedisStateStore(ConnectionMultiplexer redis, int database, TimeSpan? defaultTtl) : IStateStore, IComponentCapabilities, IAsyncDisposable
{
    private const string VersionCounter = "__golive_state_version";

    // ARGV per operation: kind (u|d), value, etag ('' = none), first-write (1|0), ttl seconds (-1 = none).
    private const string ApplyScript = """
        local n = #KEYS - 1
        for i = 1, n do
          local b = (i - 1) * 5
          local current = redis.call('HGET', KEYS[i], 'version')
          if ARGV[b + 3] ~= '' then
            if (not current) or current ~= ARGV[b + 3] then return i end
          elseif ARGV[b + 4] == '1' and current then return i end
        end
        for i = 1, n do
          local b = (i - 1) * 5
          if ARGV[b + 1] == 'd' then
            redis.call('DEL', KEYS[i])
          else
            local version = redis.call('INCR', KEYS[#KEYS])
            redis.call('HSET', KEYS[i], 'data', ARGV[b + 2], 'version', version)
            local ttl = tonumber(ARGV[b + 5])
            if ttl >= 0 then redis.call('EXPIRE', KEYS[i], ttl) else redis.call('PERSIST', KEYS[i]) end
          end
        end
        return 0
        """;

    public IReadOnlyList<string> Capabilities { get; } = ["ETAG", "TRANSACTIONAL", "TTL", "ACTOR"];

    private IDatabase Db => redis.GetDatabase(database);

    public static async Task<RedisStateStore> OpenAsync(ComponentContext context)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { context.Require("redisHost") },
            Password = context.Get("redisPassword"),
            User = context.Get("redisUsername"),
            AbortOnConnectFail = true,
            ConnectTimeout = 5000,
        };
        var database = context.GetInt("redisDB", 0);
        TimeSpan? defaultTtl = context.Get("ttlInSeconds") is not null ? TimeSpan.FromSeconds(context.GetInt("ttlInSeconds", -1)) : null;
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(options);
            // After a successful start, a lost connection is re-established in the background.
            return new RedisStateStore(redis, database, defaultTtl);
        }
        catch (RedisConnectionException e)
        {
            throw context.Invalid($"cannot reach Redis at {context.Require("redisHost")}: {e.Message}");
        }
    }

    private static readonly RedisValue[] DataAndVersion = ["data", "version"];

    /// <summary>
    /// HMGET and PTTL pipelined in one write rather than a script: a script costs Redis a Lua call on the hottest path.
    /// A key that expires or is deleted between the two reads answers "not found", as a read a moment later would.
    /// </summary>
    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        RedisValue[] values;
        TimeSpan? ttl;
        try
        {
            var batch = Db.CreateBatch();
            var reading = batch.HashGetAsync(key, DataAndVersion);
            var pttl = batch.ExecuteAsync("PTTL", key);
            batch.Execute();
            await Task.WhenAll(reading, pttl);   // both observed, so a failure of one never goes unobserved
            values = await reading;
            var milliseconds = (long)await pttl;
            if (milliseconds == -2) return null;
            ttl = milliseconds >= 0 ? TimeSpan.FromMilliseconds(milliseconds) : null;
        }
        catch (RedisException e) { throw DaprErrors.Internal("ERR_STATE_GET", $"fail to get {key} from state store: {e.Message}"); }
        if (values[1].IsNull) return null;
        return new StateEntry((byte[])values[0]!, (string)values[1]!, ttl is { } left ? DateTimeOffset.UtcNow.Add(left) : null);
    }

    public async Task<IReadOnlyList<KeyValuePair<string, StateEntry>>> ScanAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var server = redis.GetServers().First(s => !s.IsReplica);
        var found = new List<KeyValuePair<string, StateEntry>>();
        await foreach (var key in server.KeysAsync(database, EscapeGlob(prefix) + "*", pageSize: 100))
        {
            if (await GetAsync(key!, cancellationToken) is { } entry) found.Add(new(key!, entry));
            if (found.Count >= limit) break;
        }
        return found;
    }

    private static string EscapeGlob(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"[\\*?\[\]]", @"\$0");

    public async Task ApplyAsync(IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        foreach (var operation in operations) ETagRules.ValidateFormat(operation);
        var keys = operations.Select(o => (RedisKey)o.Key).Append(VersionCounter).ToArray();
        var args = operations.SelectMany(Arguments).ToArray();
        long failed;
        try { failed = (long)await Db.ScriptEvaluateAsync(ApplyScript, keys, args); }
        catch (RedisException e) { throw DaprErrors.Internal("ERR_STATE_SAVE", $"failed saving state in redis, nothing was written: {e.Message}"); }
        if (failed > 0)
        {
            var operation = operations[(int)failed - 1];
            throw ETagRules.Mismatch(operation, $"possible etag mismatch. error from state store: the etag or first-write condition for key {operation.Key} does not hold");
        }
    }

    private IEnumerable<RedisValue> Arguments(StateOperation operation)
    {
        var upsert = operation as StateUpsert;
        var ttl = upsert?.Ttl ?? defaultTtl;
        yield return upsert is null ? "d" : "u";
        yield return upsert?.Value ?? RedisValue.EmptyString;
        yield return operation.ETag ?? "";
        yield return operation.FirstWrite ? "1" : "0";
        yield return ttl is { } t && t >= TimeSpan.Zero ? (long)t.TotalSeconds : -1;
    }

    public async ValueTask DisposeAsync() => await redis.DisposeAsync();
}
