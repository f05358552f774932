using GoLive.Runtime.Components;
using GoLive.Runtime.Sidecar;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Environments;

/// <summary>Environments differ by folder, never by code: every folder must offer the same components to the same apps.</summary>
public sealed class ComponentFolderTests
{
    private static readonly string Root = Path.Combine(RequiredTools.RepositoryRoot, "components");

    private static SortedSet<string> Declared(string environment) => new(
        Directory.EnumerateFiles(Path.Combine(Root, environment), "*.yaml")
            .SelectMany(ResourceFiles.ReadDocuments)
            .Where(d => d.Kind == "Component")
            .Select(d => $"{d.Name} scopes=[{string.Join(",", d.Root.Strings("scopes").Order())}]"),
        StringComparer.Ordinal);

    [Theory]
    [InlineData("selfhosted")]
    [InlineData("production")]
    public void Every_environment_declares_the_same_component_names_and_scopes_as_local(string environment) =>
        Assert.Equal(Declared("local"), Declared(environment));

    [Fact]
    public async Task The_local_folder_loads_in_the_runtime()
    {
        await using var host = new RuntimeHost();
        var catalog = await host.GetCatalogAsync([CopyWithAbsolutePaths("local")]);
        Assert.Equal(["state.sqlite", "pubsub.in-memory", "secretstores.local.file"], Types(catalog));
    }

    [ServerFact]
    public async Task The_selfhosted_folder_loads_against_real_postgresql_and_redis()
    {
        await using var host = new RuntimeHost();
        var catalog = await host.GetCatalogAsync([CopyWithAbsolutePaths("selfhosted")]);
        Assert.Equal(["state.postgresql", "pubsub.redis", "secretstores.local.file"], Types(catalog));
    }

    private static string[] Types(ComponentCatalog catalog) =>
        new[] { "statestore", "pubsub", "secretstore" }.Select(n => catalog.Find(n)!.Spec.Type).ToArray();

    /// <summary>
    /// The folders' relative paths resolve against the repository root, as with daprd started there; a copy with those
    /// paths made absolute (and the SQLite file moved to a temp folder) needs no process-wide working directory.
    /// </summary>
    private static string CopyWithAbsolutePaths(string environment)
    {
        var copy = Directory.CreateTempSubdirectory($"golive-{environment}-").FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, environment)))
        {
            File.WriteAllText(Path.Combine(copy, Path.GetFileName(file)), File.ReadAllText(file)
                .Replace($"./components/{environment}/", Path.Combine(Root, environment) + "/", StringComparison.Ordinal)
                .Replace("\".data/", "\"" + copy + "/", StringComparison.Ordinal));
        }

        return copy;
    }
}
