using GoLive.DaprAccess.State;
using GoLive.Webhooks.Storage;

namespace GoLive.Webhooks.Deliveries;

/// <summary>Messages in the state store, with an index of each endpoint's messages for recovery by time.</summary>
internal sealed class MessageStore(IStateStore state)
{
    private const int MaxAttemptsLogged = 50;

    public static string Key(string id) => $"message|{id}";

    public async Task<WebhookMessage?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await state.GetAsync<WebhookMessage>(Key(id), cancellationToken)).Value;

    public Task SaveAsync(WebhookMessage message, CancellationToken cancellationToken) =>
        state.SaveAsync(Key(message.Id), message with { Attempts = Trim(message.Attempts) }, cancellationToken: cancellationToken);

    public Task IndexAsync(string endpointId, IEnumerable<string> messageIds, CancellationToken cancellationToken) =>
        EndpointIndex(endpointId).AddAsync(messageIds, cancellationToken);

    public async Task<IReadOnlyList<WebhookMessage>> ForEndpointAsync(string endpointId, CancellationToken cancellationToken)
    {
        var ids = await EndpointIndex(endpointId).ReadAsync(cancellationToken);
        var messages = await Task.WhenAll(ids.Select(id => FindAsync(id, cancellationToken)));
        return [.. messages.OfType<WebhookMessage>().OrderBy(m => m.CreatedAt)];
    }

    private StateIndex EndpointIndex(string endpointId) => new(state, $"endpoint-messages|{endpointId}");

    private static IReadOnlyList<DeliveryAttempt> Trim(IReadOnlyList<DeliveryAttempt> attempts) =>
        attempts.Count <= MaxAttemptsLogged ? attempts : [.. attempts.Skip(attempts.Count - MaxAttemptsLogged)];
}
