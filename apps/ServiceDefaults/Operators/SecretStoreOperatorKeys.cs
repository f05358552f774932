using Dapr.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoLive.ServiceDefaults.Operators;

/// <summary>
/// Key records from the Dapr secret store (<c>secretstore</c>, secret <c>operator-keys</c>), used for
/// <see cref="OperatorOptions.RefreshInterval"/> and then read again, so revoking a key in the store applies within seconds.
/// Concurrent requests share one read; while the store is down the last records serve for <see cref="OperatorOptions.MaxStaleness"/>.
/// </summary>
internal sealed partial class SecretStoreOperatorKeys(DaprClient dapr, IOptionsMonitor<OperatorOptions> options, TimeProvider time,
    ILogger<SecretStoreOperatorKeys> logger) : IOperatorKeySource
{
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private Task<Snapshot>? _reading;

    public async ValueTask<OperatorKeyRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        return snapshot.Records.GetValueOrDefault(id);
    }

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var current = _snapshot;
        if (current is not null && time.GetUtcNow() - current.ReadAt < settings.RefreshInterval) return current;

        Task<Snapshot> reading;
        lock (_gate)
        {
            if (_reading is null || _reading.IsCompleted) _reading = ReadAsync(settings);
            reading = _reading;
        }
        try
        {
            return await reading.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (current is not null && time.GetUtcNow() - current.ReadAt < settings.MaxStaleness)
            {
                LogStale(logger, e, settings.KeysSecret, settings.SecretStore);
                return current;
            }
            throw new OperatorKeysUnavailableException($"The operator keys (secret '{settings.KeysSecret}' of '{settings.SecretStore}') cannot be read.", e);
        }
    }

    // Not the caller's token: every request waiting for the records shares this read.
    private async Task<Snapshot> ReadAsync(OperatorOptions settings)
    {
        var secret = await dapr.GetSecretAsync(settings.SecretStore, settings.KeysSecret);
        var errors = new List<string>();
        var records = OperatorKeySecret.Parse(secret.Values, errors);
        if (errors.Count > 0 && _snapshot?.Errors != errors.Count) LogSkipped(logger, errors.Count, settings.KeysSecret, string.Join("; ", errors));
        var snapshot = new Snapshot(records.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal),
            time.GetUtcNow(), errors.Count);
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, OperatorKeyRecord> Records, DateTimeOffset ReadAt, int Errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Count} unreadable operator key records in secret {Secret}: {Errors}")]
    private static partial void LogSkipped(ILogger logger, int count, string secret, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator keys could not be re-read from secret {Secret} of {Store}; using the last records read")]
    private static partial void LogStale(ILogger logger, Exception exception, string secret, string store);
}
