namespace GoLive.Status.Tests.Infrastructure;

/// <summary>
/// A fact that needs Debian's Chromium at <see cref="Path"/> (<c>apt-get install chromium</c>). Skipped locally when it
/// is missing; with <c>GOLIVE_REQUIRE_ALL=1</c> (CI) it runs anyway, so a missing browser fails.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path) && !RequiredTools.RequireAll)
        {
            Skip = $"Chromium not found at {Path} (apt-get install chromium); CI requires it.";
        }
    }
}
