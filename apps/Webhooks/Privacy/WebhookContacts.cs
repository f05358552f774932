using GoLive.ServiceDefaults.Privacy;
using GoLive.Webhooks.Endpoints;

namespace GoLive.Webhooks.Privacy;

/// <summary>
/// Webhooks' part of the privacy contract: endpoints' contact emails are the only personal data here. Export lists
/// them; erasure removes them (the endpoints keep working).
/// </summary>
internal sealed class WebhookContacts(EndpointRegistry registry) : IPersonalDataHolder
{
    public sealed record ContactRecord(string EndpointId, string Url, string? Description, string ContactEmail, DateTimeOffset CreatedAt);

    public async Task<IReadOnlyList<PersonalDataSet>> ExportAsync(DataSubject subject, CancellationToken cancellationToken)
    {
        var records = (await MatchingAsync(subject, cancellationToken))
            .Select(e => new ContactRecord(e.Id, e.Url, e.Description, e.ContactEmail!, e.CreatedAt));
        return [PersonalDataSet.Of("endpoint-contacts", "Webhook endpoints naming the subject as their contact.", records)];
    }

    public async Task<(int Erased, IReadOnlyList<string> Actions)> EraseAsync(DataSubject subject, CancellationToken cancellationToken)
    {
        var matching = await MatchingAsync(subject, cancellationToken);
        foreach (var endpoint in matching)
        {
            await registry.ChangeAsync(endpoint.Id, e => e with { ContactEmail = null }, cancellationToken);
        }

        return (matching.Count, matching.Count == 0 ? [] : [$"removed the contact email of {matching.Count} endpoint(s); the endpoints keep working"]);
    }

    private async Task<List<WebhookEndpoint>> MatchingAsync(DataSubject subject, CancellationToken cancellationToken) =>
        [.. (await registry.ListAsync(cancellationToken)).Where(e => subject.Names(e.ContactEmail))];
}
