namespace GoLive.Gateway.Idempotency;

/// <summary>
/// One idempotency key of one API key: the request it was first used with (fingerprint), whether that request is still
/// running (and until when its lock holds), and once done the response to replay.
/// </summary>
internal sealed record IdempotencyRecord(
    string Fingerprint,
    bool Completed,
    DateTimeOffset LockedUntil,
    int Status,
    Dictionary<string, string>? Headers,
    string? Body);

internal sealed class IdempotencyOptions
{
    /// <summary>How long a first response is kept for replay (Stripe: 24 h).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a running request holds its key; after that (a crashed instance) a retry may run it.</summary>
    public TimeSpan Lock { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Bodies (request or response) larger than this are not kept; such a request is refused with a key.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>Copies what is written to the response into memory (up to a limit) on its way out.</summary>
internal sealed class CapturingStream(Stream inner, int limit) : Stream
{
    private readonly MemoryStream _copy = new();

    public bool Overflowed { get; private set; }
    public byte[] Captured => _copy.ToArray();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (Overflowed) return;
        if (_copy.Length + bytes.Length > limit)
        {
            Overflowed = true;
            return;
        }
        _copy.Write(bytes);
    }
}

internal static class IdempotencyRegistration
{
    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IdempotencyOptions>(configuration.GetSection("Gateway:Idempotency"));
        services.AddSingleton<IdempotencyKeys>();
        return services;
    }
}
