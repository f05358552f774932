using System.Globalization;

namespace GoLive.Runtime.Launcher;

/// <summary>A command's options (<c>--name value</c>, <c>--name=value</c>, repeatable, and flags) with usage errors that say what is wrong.</summary>
internal sealed class CommandLineArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <param name="options">Option names that take a value, first name canonical (e.g. <c>["--run-file", "-f"]</c>).</param>
    /// <param name="flags">Option names without a value.</param>
    public CommandLineArguments(IEnumerable<string> args, IReadOnlyList<string[]> options, IReadOnlyList<string> flags)
    {
        var aliases = options.SelectMany(names => names.Select(n => (Alias: n, Canonical: names[0]))).ToDictionary(x => x.Alias, x => x.Canonical, StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var (name, inline) = e.Current.Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (e.Current, null);
            if (flags.Contains(name)) { _flags.Add(name); continue; }
            if (!aliases.TryGetValue(name, out var canonical)) throw new UsageException($"unknown option '{e.Current}'");
            var value = inline ?? (e.MoveNext() ? e.Current : throw new UsageException($"option '{name}' needs a value"));
            if (!_values.TryGetValue(canonical, out var list)) _values[canonical] = list = [];
            list.Add(value);
        }
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public int? Port(string name) => Value(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port
        : throw new UsageException($"option '{name}' needs a port number, got '{text}'");

    public int? Seconds(string name) => Value(name) is not { } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds
        : throw new UsageException($"option '{name}' needs a number of seconds, got '{text}'");
}

/// <summary>The command line itself is wrong: exit code 2 and a hint to run <c>--help</c>.</summary>
internal sealed class UsageException(string message) : Exception(message);
