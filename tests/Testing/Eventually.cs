using Xunit;

namespace GoLive.Testing;

/// <summary>Polls a condition until it holds or a deadline passes: for effects that happen in the background.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var start = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > limit)
                Assert.Fail($"Not true within {limit.TotalSeconds:0} s: {because ?? "condition not met"}");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    public static Task Async(Func<Task<bool>> condition, TimeSpan timeout, string because) => TrueAsync(condition, timeout, because);

    public static Task Async(Func<bool> condition, TimeSpan timeout, string because) => TrueAsync(() => Task.FromResult(condition()), timeout, because);
}
