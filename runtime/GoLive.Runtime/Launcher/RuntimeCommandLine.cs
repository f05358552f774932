namespace GoLive.Runtime.Launcher;

internal static class RuntimeCommandLine
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(0);
}
