using GoLive.Runtime.Launcher;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Tests.Environments;

/// <summary>dapr.yaml is the topology; tye.yaml and docker-compose.yml must list the same apps on the same ports.</summary>
public sealed class TopologyFilesTests
{
    static readonly RunFile Topology = RunFileParser.Load(Path.Combine(RequiredTools.RepositoryRoot, "dapr.yaml"));

    static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(Path.Combine(RequiredTools.RepositoryRoot, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [Fact]
    public void Tye_lists_every_app_of_dapr_yaml_with_its_port()
    {
        var services = ((YamlSequenceNode)Load("tye.yaml")["services"]).Cast<YamlMappingNode>()
            .ToDictionary(s => s["name"].ToString(), s => ((YamlMappingNode)((YamlSequenceNode)s["bindings"])[0])["port"].ToString());

        Assert.Equal(Topology.Apps.ToDictionary(a => a.AppId, a => a.AppPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""), services);
    }

    [Fact]
    public void Compose_runs_every_app_of_dapr_yaml_with_a_daprd_beside_it()
    {
        var services = (YamlMappingNode)Load("docker-compose.yml")["services"];
        var names = services.Children.Keys.Select(k => k.ToString()).ToHashSet();

        foreach (var app in Topology.Apps)
        {
            Assert.Contains(app.AppId, names);
            var daprd = (YamlMappingNode)services[app.AppId + "-dapr"];
            Assert.Contains($"--app-id={app.AppId}", ((YamlSequenceNode)daprd["command"]).Select(c => c.ToString()));
            Assert.Contains($"--app-port={app.AppPort}", ((YamlSequenceNode)daprd["command"]).Select(c => c.ToString()));
        }
    }
}
