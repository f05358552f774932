namespace GoLive.Runtime.Launcher;

/// <summary>Writes an app's output to the launcher's console the way the Dapr CLI does: <c>== APP - {appId} == {line}</c>.</summary>
internal sealed class ConsolePrefixer(TextWriter console, string appId, int colourIndex, bool colour)
{
    private static readonly string[] Palette = ["\e[36m", "\e[35m", "\e[33m", "\e[32m", "\e[34m", "\e[96m"];
    private const string Reset = "\e[0m";

    private readonly string _prefix = colour ? $"{Palette[colourIndex % Palette.Length]}== APP - {appId} =={Reset} " : $"== APP - {appId} == ";

    public void WriteLine(string line)
    {
        // Lines of several apps arrive on different threads; one lock keeps each line whole.
        lock (console) console.WriteLine(_prefix + line);
    }

    /// <summary>Colour only on a real terminal, and never when <c>NO_COLOR</c> is set (no-color.org).</summary>
    public static bool ShouldColour(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
