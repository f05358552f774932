namespace GoLive.ServiceDefaults.Operators;

/// <summary>Where operator key records come from: the secret store in every app (<see cref="SecretStoreOperatorKeys"/>), fixed ones in tests.</summary>
public interface IOperatorKeySource
{
    /// <summary>The record of key <paramref name="id"/>, or null; throws <see cref="OperatorKeysUnavailableException"/> when none can be read.</summary>
    ValueTask<OperatorKeyRecord?> FindAsync(string id, CancellationToken cancellationToken);
}

/// <summary>The records cannot be read (the secret store is down and nothing recent is cached): operator routes answer 503.</summary>
public sealed class OperatorKeysUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
