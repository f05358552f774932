using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace GoLive.Flags.Client;

/// <summary>
/// Deterministic, sticky bucketing: <c>bucket = XXH64(utf8("{flagKey}.{salt}.{bucketingKey}"), seed 0) mod 100000</c>.
/// The same key always lands in the same bucket of the same flag, in every process and language (xxHash64 is
/// available everywhere); changing the salt reshuffles. Test vectors: tests/Flags.Tests/bucketing-vectors.json.
/// </summary>
public static class Bucketing
{
    /// <summary>Buckets per flag: a split's resolution is 0.001 %.</summary>
    public const int BucketCount = 100_000;

    public static int Bucket(string flagKey, string? salt, string bucketingKey)
    {
        var length = flagKey.Length + (salt?.Length ?? 0) + bucketingKey.Length + 2;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(length);
        byte[]? rented = null;
        var buffer = maxBytes <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var written = Encoding.UTF8.GetBytes(flagKey, buffer);
            buffer[written++] = (byte)'.';
            written += Encoding.UTF8.GetBytes(salt, buffer[written..]);
            buffer[written++] = (byte)'.';
            written += Encoding.UTF8.GetBytes(bucketingKey, buffer[written..]);
            return (int)(XxHash64.HashToUInt64(buffer[..written]) % BucketCount);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
