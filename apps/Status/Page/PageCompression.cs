using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace GoLive.Status.Page;

/// <summary>
/// Brotli or gzip for the public pages only. It runs inside the output cache, so a page is compressed once per cache
/// period and encoding (the cache varies by <c>Accept-Encoding</c>) and every other reader gets the stored bytes:
/// the 40 KB page (mostly SVG) goes out as a few KB. The public pages hold no secrets, so compressing them over
/// HTTPS gives BREACH nothing to find.
/// </summary>
internal static class PageCompression
{
    public static IServiceCollection AddPageCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Append("application/atom+xml");
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>Call right after <c>UseOutputCache</c>.</summary>
    public static IApplicationBuilder UsePageCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => IsPublic(context.Request.Path), branch => branch.UseResponseCompression());

    private static bool IsPublic(PathString path) => path.StartsWithSegments("/status") || path.StartsWithSegments("/api/v2");
}
