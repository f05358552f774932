using System.Collections.Concurrent;
using System.Net.Http.Headers;
using GoLive.ServiceDefaults.Audit;
using GoLive.ServiceDefaults.Operators;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Testing;

/// <summary>An operator key for tests and its record (what the secret store holds).</summary>
public sealed record TestOperator(string Key, OperatorKeyRecord Record)
{
    public string Name => Record.Name;

    /// <summary>The audit actor of this operator, <c>operator:&lt;name&gt;</c>.</summary>
    public string Actor => $"operator:{Name}";

    public AuthenticationHeaderValue Authorization => new("Bearer", Key);

    /// <summary>A client on <paramref name="baseAddress"/> that presents this key.</summary>
    public HttpClient Client(Uri baseAddress, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = baseAddress;
        client.DefaultRequestHeaders.Authorization = Authorization;
        return client;
    }
}

/// <summary>
/// Operator keys every test can use. <see cref="DefaultComponents"/> puts them in the secret <c>operator-keys</c>; tests
/// without a sidecar call <see cref="UseTestOperators"/>. The keys are fixed (never secrets), so failures are readable.
/// </summary>
public static class TestOperators
{
    private static readonly DateTimeOffset Issued = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every role, never expires.</summary>
    public static TestOperator Admin { get; } = Create("testadmin", "test-admin", OperatorRoles.All);

    /// <summary>Valid, but holds no role any route needs.</summary>
    public static TestOperator NoRoles { get; } = Create("testnoroles", "test-no-roles", ["nothing:at-all"]);

    /// <summary>Every role, expired in 2020.</summary>
    public static TestOperator Expired { get; } = Create("testexpired", "test-expired", OperatorRoles.All, expiresAt: Issued.AddDays(1));

    /// <summary>Every role, revoked in 2020.</summary>
    public static TestOperator Revoked { get; } = Create("testrevoked", "test-revoked", OperatorRoles.All, revokedAt: Issued.AddDays(1));

    /// <summary>An operator holding only <paramref name="role"/> (one per role of <see cref="OperatorRoles.All"/> is in the defaults).</summary>
    public static TestOperator With(string role) => Create("role" + new string(role.Where(char.IsAsciiLetterOrDigit).ToArray()), $"test-{role.Replace(':', '-')}", [role]);

    /// <summary>The operators the default components and <see cref="UseTestOperators"/> know.</summary>
    public static IReadOnlyList<TestOperator> Defaults { get; } = [Admin, NoRoles, Expired, Revoked, .. OperatorRoles.All.Select(With)];

    public static TestOperator Create(string id, string name, IEnumerable<string> roles, DateTimeOffset? expiresAt = null, DateTimeOffset? revokedAt = null)
    {
        var key = $"{OperatorKey.Prefix}{id}_test-operator-key-not-a-secret";
        return new TestOperator(key, OperatorKeyRecord.Issue(key, name, roles, Issued, expiresAt) with { RevokedAt = revokedAt });
    }

    /// <summary>The value of the secret <c>operator-keys</c> holding <paramref name="operators"/> (default: <see cref="Defaults"/>).</summary>
    public static string SecretValue(IEnumerable<TestOperator>? operators = null) =>
        OperatorKeySecret.Serialize((operators ?? Defaults).Select(o => o.Record));

    /// <summary>Replaces the secret-store key source with <see cref="Defaults"/> plus <paramref name="extra"/> (no sidecar needed).</summary>
    public static IServiceCollection UseTestOperators(this IServiceCollection services, params TestOperator[] extra)
    {
        services.RemoveAll<IOperatorKeySource>();
        services.AddSingleton<IOperatorKeySource>(new FixedOperatorKeys([.. Defaults, .. extra]));
        return services;
    }

    private sealed class FixedOperatorKeys(IEnumerable<TestOperator> operators) : IOperatorKeySource
    {
        private readonly Dictionary<string, OperatorKeyRecord> _records = operators.ToDictionary(o => o.Record.Id, o => o.Record);

        public ValueTask<OperatorKeyRecord?> FindAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(_records.GetValueOrDefault(id));
    }
}

/// <summary>Keeps the audit events an app publishes (register with <see cref="RecordAudit"/>), so tests need no broker.</summary>
public sealed class RecordedAudit : IAuditPublisher
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public IReadOnlyList<AuditEvent> Events => [.. _events];

    public Task PublishAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(auditEvent);
        return Task.CompletedTask;
    }

    /// <summary>Waits until an event matching <paramref name="match"/> was published (operator actions are published in the background).</summary>
    public async Task<AuditEvent> SingleAsync(Func<AuditEvent, bool> match, string because)
    {
        AuditEvent? found = null;
        await Eventually.TrueAsync(() => Task.FromResult((found = _events.FirstOrDefault(match)) is not null), TimeSpan.FromSeconds(10), because);
        return found!;
    }
}

public static class RecordedAuditExtensions
{
    /// <summary>Sends the app's audit events to <paramref name="recorded"/> instead of the sidecar.</summary>
    public static IServiceCollection RecordAudit(this IServiceCollection services, RecordedAudit recorded)
    {
        services.RemoveAll<IAuditPublisher>();
        services.AddSingleton<IAuditPublisher>(recorded);
        return services;
    }
}

/// <summary>
/// The app token for apps tested without a sidecar outside Development (where an app refuses to start without one): set
/// <c>APP_API_TOKEN</c> to <see cref="Value"/> and let clients call as the sidecar does.
/// </summary>
public static class TestAppToken
{
    public const string Value = "test-app-token";
    public const string Header = "dapr-api-token";

    /// <summary>Makes <paramref name="client"/> present the app token, as the sidecar does on every call.</summary>
    public static HttpClient AsSidecar(this HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Remove(Header);
        client.DefaultRequestHeaders.Add(Header, Value);
        return client;
    }
}
