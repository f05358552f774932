using System.Collections.Concurrent;

namespace GoLive.Workflows.TestApp;

/// <summary>Every activity execution, in order: in memory, and appended to a file when the crash tests give one.</summary>
public sealed class ActivityLedger(string? file)
{
    private readonly Lock _gate = new();

    public ConcurrentQueue<string> Lines { get; } = new();

    public void Write(string line)
    {
        Lines.Enqueue(line);
        if (file is null) return;
        lock (_gate) File.AppendAllText(file, line + "\n");
    }

    public int Count(string line) => Lines.Count(l => l == line);
}
