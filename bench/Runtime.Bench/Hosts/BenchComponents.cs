namespace GoLive.Runtime.Bench.Hosts;

/// <summary>The component YAML a scenario needs, written to a temp folder that is deleted afterwards.</summary>
internal sealed class BenchComponents : IDisposable
{
    private BenchComponents(string directory) => Directory = directory;

    public string Directory { get; }

    public static BenchComponents Create() => new(System.IO.Directory.CreateTempSubdirectory("golive-bench-").FullName);

    public BenchComponents Add(string name, string type, params (string Name, string Value)[] metadata)
    {
        var lines = metadata.Select(m => $"""
                - name: {m.Name}
                  value: "{m.Value}"
            """);
        var yaml = $"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: {name}
            spec:
              type: {type}
              version: v1
              metadata:{(metadata.Length == 0 ? " []" : "\n" + string.Join('\n', lines))}
            """;
        File.WriteAllText(Path.Combine(Directory, name + ".yaml"), yaml + "\n");
        return this;
    }

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a store may still hold its file briefly; the temp folder is cleaned by the OS */ }
    }
}
