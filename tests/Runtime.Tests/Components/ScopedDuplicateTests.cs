using GoLive.Runtime.Components;

namespace GoLive.Runtime.Tests.Components;

/// <summary>daprd loads only the components scoped to its app, so one name may be declared once per app.</summary>
public sealed class ScopedDuplicateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("golive-scopes-").FullName;

    private void Write(string file, string scopes) => File.WriteAllText(Path.Combine(_folder, file), $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
        {scopes}
        """);

    [Fact]
    public void One_name_declared_for_disjoint_apps_loads_both()
    {
        Write("a.yaml", "scopes: [status]");
        Write("b.yaml", "scopes: [flags, gateway]");

        var resources = ResourceFiles.Load([_folder]);

        Assert.Equal(2, resources.Components.Count(c => c.Name == "statestore"));
    }

    [Theory]
    [InlineData("scopes: [status]", "scopes: [flags, status]")]
    [InlineData("scopes: [status]", "")]
    public void One_name_declared_twice_for_the_same_app_fails_naming_the_file(string first, string second)
    {
        Write("a.yaml", first);
        Write("b.yaml", second);

        var error = Assert.Throws<ComponentConfigException>(() => ResourceFiles.Load([_folder]));

        Assert.Contains("b.yaml", error.Message);
        Assert.Contains("more than once", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
