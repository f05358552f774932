using System.Net.Mail;
using System.Text.RegularExpressions;
using GoLive.DaprAccess.State;
using GoLive.Webhooks.Signing;
using GoLive.Webhooks.Storage;
using Microsoft.Extensions.Options;

namespace GoLive.Webhooks.Endpoints;

/// <summary>Registered endpoints: validation, storage, enabling and disabling, secret rotation.</summary>
internal sealed partial class EndpointRegistry(
    IStateStore state, TargetGuard guard, TimeProvider time, IOptions<WebhooksOptions> options)
{
    public const string DisabledEventType = "golive.webhooks.endpoint.disabled";
    private const int MaxFilters = 50;
    private readonly StateIndex _index = new(state, "endpoints");

    public static string Key(string id) => $"endpoint|{id}";

    /// <summary>Field errors of a create or replace request; empty when valid.</summary>
    public Dictionary<string, string[]> Validate(EndpointRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Url) || request.Url.Length > 2048)
        {
            errors["url"] = ["The URL is required (at most 2048 characters)."];
        }
        else if (guard.RefuseUrl(request.Url) is { } refusal)
        {
            errors["url"] = [refusal];
        }

        if (request.Description is { Length: > 500 })
        {
            errors["description"] = ["At most 500 characters."];
        }

        var filters = request.EventTypes ?? [];
        if (filters.Count > MaxFilters || filters.Any(filter => filter is null || !EventTypePattern().IsMatch(filter)))
        {
            errors["eventTypes"] = [$"At most {MaxFilters} event types like 'golive.status.incident.opened' or 'golive.status.*'."];
        }

        if (request.ContactEmail is { } email && (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            errors["contactEmail"] = ["Not an email address."];
        }

        if (request.MaxConcurrency is < 1 or > 100)
        {
            errors["maxConcurrency"] = ["Between 1 and 100."];
        }

        if (request.RatePerSecond is < 1 or > 1000)
        {
            errors["ratePerSecond"] = ["Between 1 and 1000."];
        }

        return errors;
    }

    /// <summary>Registers a validated request; the answer carries the new secret.</summary>
    public async Task<WebhookEndpoint> CreateAsync(EndpointRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var endpoint = new WebhookEndpoint(
            "ep_" + Guid.CreateVersion7().ToString("N"), request.Url!, request.Description, request.EventTypes ?? [],
            request.ContactEmail, [new EndpointSecret(WebhookSecret.Generate(), now)], Throttle(request), now, now);
        await state.SaveAsync(Key(endpoint.Id), endpoint, cancellationToken: cancellationToken);
        await _index.AddAsync([endpoint.Id], cancellationToken);
        return endpoint;
    }

    public async Task<WebhookEndpoint?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await state.GetAsync<WebhookEndpoint>(Key(id), cancellationToken)).Value;

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await _index.ReadAsync(cancellationToken);
        var endpoints = await Task.WhenAll(ids.Select(id => FindAsync(id, cancellationToken)));
        return [.. endpoints.OfType<WebhookEndpoint>().OrderBy(e => e.CreatedAt)];
    }

    public Task<WebhookEndpoint?> ReplaceAsync(string id, EndpointRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(id, e => e with
        {
            Url = request.Url!, Description = request.Description, EventTypes = request.EventTypes ?? [],
            ContactEmail = request.ContactEmail, Throttle = Throttle(request),
        }, cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is null)
        {
            return false;
        }

        await state.DeleteAsync(Key(id), cancellationToken);
        await _index.RemoveAsync(id, cancellationToken);
        return true;
    }

    public Task<WebhookEndpoint?> EnableAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, e => e with { Disabled = false, DisabledReason = null, FailingSince = null }, cancellationToken);

    /// <summary>Disables the endpoint and publishes <c>golive.webhooks.endpoint.disabled</c> with the same write.</summary>
    public async Task<WebhookEndpoint?> DisableAsync(string id, string reason, CancellationToken cancellationToken)
    {
        var endpoint = await FindAsync(id, cancellationToken);
        if (endpoint is null || endpoint.Disabled)
        {
            return endpoint;
        }

        var now = time.GetUtcNow();
        var disabled = endpoint with { Disabled = true, DisabledReason = reason, UpdatedAt = now };
        var payload = new EndpointDisabled(id, disabled.Url, reason, now);
        // The payload is published instead of the stored document, so the endpoint's secrets never leave the store.
        var @event = new OutboxEvent(DisabledEventType) { Id = $"{id}:disabled:{now.ToUnixTimeMilliseconds()}", Payload = payload };
        await state.TransactAsync([StateOperation.Upsert(Key(id), disabled, @event)], cancellationToken);
        return disabled;
    }

    /// <summary>A new current secret; the previous ones keep signing until the overlap ends.</summary>
    public Task<WebhookEndpoint?> RotateSecretAsync(string id, TimeSpan? overlap, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + (overlap ?? options.Value.DefaultRotationOverlap);
        return ChangeAsync(id, e => e with
        {
            Secrets =
            [
                new EndpointSecret(WebhookSecret.Generate(), now),
                .. e.Secrets.Where(s => s.ExpiresAt is null || s.ExpiresAt > now)
                    .Select(s => s with { ExpiresAt = s.ExpiresAt is { } end && end < until ? end : until }),
            ],
        }, cancellationToken);
    }

    /// <summary>Starts or clears the endpoint's failure clock; true when it has failed for long enough to be disabled.</summary>
    public async Task<bool> RecordOutcomeAsync(string id, bool succeeded, CancellationToken cancellationToken)
    {
        var endpoint = await FindAsync(id, cancellationToken);
        if (endpoint is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (succeeded == (endpoint.FailingSince is null))
        {
            // Nothing to write: still healthy, or already failing (then the clock decides).
            return !succeeded && now - endpoint.FailingSince >= options.Value.DisableAfterFailingFor;
        }

        // ETag loop, so a concurrent disable (410 on a parallel attempt) is never overwritten.
        await ChangeAsync(id, e => e with { FailingSince = succeeded ? null : e.FailingSince ?? now }, cancellationToken);
        return false;
    }

    /// <summary>Applies a change with an ETag loop (also used by privacy erasure).</summary>
    internal async Task<WebhookEndpoint?> ChangeAsync(string id, Func<WebhookEndpoint, WebhookEndpoint> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (endpoint, etag) = await state.GetAsync<WebhookEndpoint>(Key(id), cancellationToken);
            if (endpoint is null)
            {
                return null;
            }

            var changed = change(endpoint) with { UpdatedAt = time.GetUtcNow() };
            if (await state.TrySaveAsync(Key(id), changed, etag, cancellationToken: cancellationToken))
            {
                return changed;
            }
        }
    }

    private static EndpointThrottle Throttle(EndpointRequest request)
    {
        var defaults = new EndpointThrottle();
        return new EndpointThrottle(request.MaxConcurrency ?? defaults.MaxConcurrency, request.RatePerSecond ?? defaults.RatePerSecond);
    }

    [GeneratedRegex(@"^[a-z0-9]+(\.[a-z0-9-]+)*(\.\*)?$")]
    private static partial Regex EventTypePattern();
}

/// <summary>Payload of <c>golive.webhooks.endpoint.disabled</c>.</summary>
internal sealed record EndpointDisabled(string EndpointId, string Url, string Reason, DateTimeOffset DisabledAt);
