namespace GoLive.Runtime.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes: for effects that happen in the background.</summary>
public static class Eventually
{
    public static async Task Async(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > timeout) Assert.Fail($"Not true within {timeout.TotalSeconds:0} s: {because}");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task Async(Func<bool> condition, TimeSpan timeout, string because) => Async(() => Task.FromResult(condition()), timeout, because);
}
