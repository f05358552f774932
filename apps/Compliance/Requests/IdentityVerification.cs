using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapr.Client;
using GoLive.DaprAccess.State;

namespace GoLive.Compliance.Requests;

/// <summary>Delivers a verification code to the email a request claims (the Dapr output binding <c>dsr-notify</c>).</summary>
internal interface IVerificationSender
{
    /// <summary>False when no channel is configured: an operator must then verify the identity and approve.</summary>
    Task<bool> SendAsync(string requestId, string email, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}

/// <summary>
/// Sends through the output binding <c>dsr-notify</c> (operation <c>create</c>; e.g. <c>bindings.smtp</c>, or
/// <c>bindings.http</c> to a mail relay) when one is loaded; without one, nothing is sent.
/// </summary>
internal sealed class BindingVerificationSender(DaprClient dapr) : IVerificationSender
{
    public const string BindingName = "dsr-notify";
    private bool? _configured;

    public async Task<bool> SendAsync(string requestId, string email, string code, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        _configured ??= (await dapr.GetMetadataAsync(cancellationToken)).Components
            .Any(c => c.Name == BindingName && c.Type.StartsWith("bindings.", StringComparison.Ordinal));
        if (_configured is false) return false;
        var subject = "Confirm your data request";
        var body = $"Your verification code for request {requestId} is {code}. It expires at {expiresAt:u}.";
        await dapr.InvokeBindingAsync(new BindingRequest(BindingName, "create")
        {
            Data = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { to = email, subject, body })),
            Metadata = { ["emailTo"] = email, ["subject"] = subject },
        }, cancellationToken);
        return true;
    }
}

internal enum CodeVerdict { Verified, Wrong, Exhausted, Expired, NoCode }

/// <summary>
/// Identity verification by a one-time code sent to the claimed email: 6 digits, valid for
/// <see cref="RequestOptions.CodeLifetime"/>, <see cref="RequestOptions.MaxCodeAttempts"/> tries. Only an HMAC of the
/// code is stored (<c>dsr-code:{id}</c>), deleted once used up.
/// </summary>
internal sealed class IdentityVerification(IStateStore store, IRequestKey key, IVerificationSender sender, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<RequestOptions> options)
{
    private sealed record StoredCode(string Hash, DateTimeOffset ExpiresAt, int Failures);

    public static string Key(string id) => $"dsr-code:{id}";

    /// <summary>Issues and sends a fresh code; false when no channel could send it.</summary>
    public async Task<bool> IssueAsync(string requestId, string email, CancellationToken cancellationToken)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var expiresAt = time.GetUtcNow() + options.Value.CodeLifetime;
        await SaveAsync(requestId, new StoredCode(await HashAsync(requestId, code, cancellationToken), expiresAt, 0), cancellationToken);
        return await sender.SendAsync(requestId, email, code, expiresAt, cancellationToken);
    }

    public async Task<CodeVerdict> CheckAsync(string requestId, string code, CancellationToken cancellationToken)
    {
        if ((await store.GetAsync<StoredCode>(Key(requestId), cancellationToken)).Value is not { } stored) return CodeVerdict.NoCode;
        if (time.GetUtcNow() > stored.ExpiresAt)
        {
            await store.DeleteAsync(Key(requestId), cancellationToken);
            return CodeVerdict.Expired;
        }
        var expected = Convert.FromHexString(stored.Hash);
        var given = Convert.FromHexString(await HashAsync(requestId, code.Trim(), cancellationToken));
        if (CryptographicOperations.FixedTimeEquals(expected, given))
        {
            await store.DeleteAsync(Key(requestId), cancellationToken);
            return CodeVerdict.Verified;
        }
        if (stored.Failures + 1 >= options.Value.MaxCodeAttempts)
        {
            await store.DeleteAsync(Key(requestId), cancellationToken);
            return CodeVerdict.Exhausted;
        }
        await SaveAsync(requestId, stored with { Failures = stored.Failures + 1 }, cancellationToken);
        return CodeVerdict.Wrong;
    }

    private Task SaveAsync(string requestId, StoredCode code, CancellationToken cancellationToken) =>
        store.SaveAsync(Key(requestId), code, cancellationToken: cancellationToken);

    private async Task<string> HashAsync(string requestId, string code, CancellationToken cancellationToken)
    {
        using var hmac = new HMACSHA256(await key.GetAsync(cancellationToken));
        return Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes($"dsr-code\n{requestId}\n{code}")));
    }
}
