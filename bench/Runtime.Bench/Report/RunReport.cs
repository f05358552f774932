using System.Runtime.InteropServices;
using System.Text;

namespace GoLive.Runtime.Bench.Report;

/// <summary>Prints each scenario's tables as they finish and appends the whole run to the <c>--out</c> file.</summary>
internal sealed class RunReport(BenchSettings settings, string commandLine)
{
    private readonly StringBuilder _body = new();

    public void Add(string scenario, IReadOnlyList<ResultTable> tables)
    {
        var section = new StringBuilder().Append("### ").AppendLine(scenario).AppendLine();
        foreach (var table in tables) section.AppendLine(table.ToMarkdown());
        Console.WriteLine(section.ToString());
        _body.Append(section);
    }

    public void AddFailure(string scenario, Exception error)
    {
        var section = $"### {scenario}\n\nFailed: `{error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")}`\n\n";
        Console.WriteLine(section);
        _body.Append(section);
    }

    public string Header() =>
        $"""
        ## Run of {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC

        `{commandLine}` — {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}; duration {settings.Duration.TotalSeconds:0.#} s per series after {settings.Warmup.TotalSeconds:0.#} s warm-up, {settings.Slice.TotalSeconds:0.#} s interleaving slices.


        """;

    public async Task WriteAsync()
    {
        if (settings.OutputPath is not { } path) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        await File.AppendAllTextAsync(path, Header() + _body);
        Console.WriteLine($"Appended to {Path.GetFullPath(path)}");
    }
}
