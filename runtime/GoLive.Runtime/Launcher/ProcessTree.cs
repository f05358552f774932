using System.Globalization;
using System.Runtime.InteropServices;

namespace GoLive.Runtime.Launcher;

/// <summary>
/// Asks a process and everything it started to stop (SIGTERM) before the launcher kills them: <c>dotnet run</c> runs the app
/// as its child, and only the app itself can shut down gracefully.
/// </summary>
internal static class ProcessTree
{
    private const int SigTerm = 15;

    public static void Terminate(int rootPid)
    {
        if (OperatingSystem.IsWindows()) return; // no SIGTERM there: the caller's Kill(entireProcessTree) is the only way
        foreach (var pid in Descendants(rootPid).Prepend(rootPid)) _ = kill(pid, SigTerm);
    }

    /// <summary>Children, grandchildren… read from <c>/proc</c>; empty where there is no <c>/proc</c> (macOS).</summary>
    private static IEnumerable<int> Descendants(int rootPid)
    {
        if (!Directory.Exists("/proc")) return [];
        var parents = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ParentOf(dir) is not { } parent) continue;
            if (!parents.TryGetValue(parent, out var children)) parents[parent] = children = [];
            children.Add(pid);
        }
        var result = new List<int>();
        var pending = new Stack<int>([rootPid]);
        while (pending.TryPop(out var pid))
        {
            foreach (var child in parents.GetValueOrDefault(pid) ?? []) { result.Add(child); pending.Push(child); }
        }
        return result;
    }

    private static int? ParentOf(string procDir)
    {
        try
        {
            // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 3);
            return int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) ? ppid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended while we looked
        }
    }

    [DllImport("libc", SetLastError = true)]
    private
#pragma warning disable SYSLIB1054, CA5392 // a blittable libc call; LibraryImport would need unsafe code enabled for the project
    static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054, CA5392
}
