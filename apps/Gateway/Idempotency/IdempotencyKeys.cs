using System.Security.Cryptography;
using System.Text;
using GoLive.DaprAccess.State;
using GoLive.Gateway.Proxy;
using GoLive.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace GoLive.Gateway.Idempotency;

/// <summary>
/// Stripe-style <c>Idempotency-Key</c> on unsafe methods: the first response from the app is kept and replayed (with
/// <c>Idempotent-Replayed: true</c>) for the same request; the same key with another request is 422, a retry while the first
/// runs is 409. The gateway's own refusals and unavailable upstreams are not kept, so the retry can run.
/// </summary>
internal sealed class IdempotencyKeys(IStateStore store, TimeProvider time, IOptions<IdempotencyOptions> options)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 255;
    private static readonly string[] KeptHeaders = ["Content-Type", "Location", "ETag", "Last-Modified"];

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method) || !request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next();
            return;
        }
        if (values is not [{ Length: > 0 and <= MaxKeyLength } idempotencyKey] || idempotencyKey.Any(c => c is < '!' or > '~'))
        {
            await Problems.BadRequest(GatewayProblemCodes.InvalidIdempotencyKey, "Idempotency-Key must be 1-255 visible ASCII characters.").ExecuteAsync(context);
            return;
        }
        var fingerprint = await FingerprintAsync(request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (fingerprint is null)
        {
            await Problems.Problem(413, ProblemCodes.PayloadTooLarge, "Bodies sent with an Idempotency-Key are limited in size.").ExecuteAsync(context);
            return;
        }
        var caller = context.Features.Get<PartnerCaller>()!;
        var key = $"idempotency:{caller.Key.Id}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))}";
        if (!await ClaimOrAnswerAsync(context, key, fingerprint)) return;
        await RunAndKeepAsync(context, key, fingerprint, next);
    }

    /// <summary>True when this request now holds the key; otherwise the answer (replay, 409, 422) has been written.</summary>
    private async Task<bool> ClaimOrAnswerAsync(HttpContext context, string key, string fingerprint)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (existing, etag) = await store.GetAsync<IdempotencyRecord>(key, context.RequestAborted);
            var now = time.GetUtcNow();
            if (existing is not null)
            {
                if (existing.Fingerprint != fingerprint)
                {
                    await Problems.Problem(422, GatewayProblemCodes.IdempotencyKeyReused,
                        "This Idempotency-Key was used with a different request.").ExecuteAsync(context);
                    return false;
                }
                if (existing.Completed)
                {
                    await ReplayAsync(context, existing);
                    return false;
                }
                if (existing.LockedUntil > now) break;
            }
            var running = new IdempotencyRecord(fingerprint, false, now + options.Value.Lock, 0, null, null);
            if (await store.TrySaveAsync(key, running, etag, options.Value.Retention, context.RequestAborted)) return true;
        }
        await Problems.Conflict(GatewayProblemCodes.IdempotencyKeyInUse,
            "A request with this Idempotency-Key is still being processed; retry later.").ExecuteAsync(context);
        return false;
    }

    private async Task RunAndKeepAsync(HttpContext context, string key, string fingerprint, Func<Task> next)
    {
        var original = context.Response.Body;
        var capture = new CapturingStream(original, options.Value.MaxBodyBytes);
        context.Response.Body = capture;
        var kept = false;
        try
        {
            await next();
            var status = context.Response.StatusCode;
            var fromUpstream = context.Items.ContainsKey(UpstreamTransforms.FromUpstreamItem);
            if (fromUpstream && status is not (502 or 503 or 504) && !capture.Overflowed)
            {
                var headers = KeptHeaders
                    .Where(h => context.Response.Headers.ContainsKey(h))
                    .ToDictionary(h => h, h => context.Response.Headers[h].ToString());
                var done = new IdempotencyRecord(fingerprint, true, default, status, headers, Convert.ToBase64String(capture.Captured));
                var (_, etag) = await store.GetAsync<IdempotencyRecord>(key, CancellationToken.None);
                kept = await store.TrySaveAsync(key, done, etag, options.Value.Retention, CancellationToken.None);
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!kept) await store.DeleteAsync(key, CancellationToken.None);
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        var response = context.Response;
        response.StatusCode = record.Status;
        foreach (var (name, value) in record.Headers ?? []) response.Headers[name] = value;
        response.Headers[ReplayedHeader] = "true";
        var body = Convert.FromBase64String(record.Body ?? "");
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>SHA-256 of method, path, query and body; null when the body is over the limit.</summary>
    private static async Task<string?> FingerprintAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: maxBodyBytes + 1L);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBodyBytes) return null;
                hash.AppendData(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            return null;
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
