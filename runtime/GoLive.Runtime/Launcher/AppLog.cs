using System.Globalization;

namespace GoLive.Runtime.Launcher;

/// <summary>
/// Where one app's output goes (<c>appLogDestination</c>): the launcher's console, a file under <c>&lt;appDirPath&gt;/.dapr/logs/</c>
/// named like the Dapr CLI's (<c>{appId}_app_{yyyyMMddHHmmss}.log</c>), or both; the last lines are kept to explain a failed start.
/// </summary>
internal sealed class AppLog : IDisposable
{
    private const int TailLength = 20;

    private readonly ConsolePrefixer? _console;
    private readonly StreamWriter? _file;
    private readonly Queue<string> _tail = new();

    public AppLog(RunFileApp app, ConsolePrefixer console, TimeProvider time)
    {
        if (app.AppLogDestination is AppLogDestination.Console or AppLogDestination.FileAndConsole) _console = console;
        if (app.AppLogDestination is AppLogDestination.File or AppLogDestination.FileAndConsole)
        {
            var folder = Directory.CreateDirectory(Path.Combine(app.AppDirPath, ".dapr", "logs")).FullName;
            var stamp = time.GetLocalNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            FilePath = Path.Combine(folder, $"{app.AppId}_app_{stamp}.log");
            _file = new StreamWriter(FilePath, append: true) { AutoFlush = true };
        }
    }

    public string? FilePath { get; }

    public void Line(string line)
    {
        _console?.WriteLine(line);
        lock (_tail)
        {
            _file?.WriteLine(line);
            if (_tail.Count == TailLength) _tail.Dequeue();
            _tail.Enqueue(line);
        }
    }

    public IReadOnlyList<string> Tail()
    {
        lock (_tail) return [.. _tail];
    }

    public void Dispose()
    {
        lock (_tail) _file?.Dispose();
    }
}
