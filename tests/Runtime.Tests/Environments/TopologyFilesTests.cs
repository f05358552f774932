using GoLive.Runtime.Launcher;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Tests.Environments;

/// <summary>
/// dapr.yaml is the topology; tye.yaml and docker-compose.yml must list the same apps on the same ports, with the same
/// Configuration per app, and no file may hold a secret.
/// </summary>
public sealed class TopologyFilesTests
{
    private static readonly string Root = RequiredTools.RepositoryRoot;
    private static readonly RunFile Topology = RunFileParser.Load(Path.Combine(RequiredTools.RepositoryRoot, "dapr.yaml"));
    private static readonly string[] Tokens = ["DAPR_API_TOKEN", "APP_API_TOKEN"];

    private static YamlMappingNode Load(string file)
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

    [Fact]
    public void Every_app_of_dapr_yaml_has_a_configuration_of_its_own_named_for_it()
    {
        Assert.All(Topology.Apps, app =>
        {
            Assert.Equal(Path.Combine(Root, "dapr-config", app.AppId + ".yaml"), app.ConfigFilePath);
            var stream = new YamlStream();
            using var reader = File.OpenText(app.ConfigFilePath!);
            stream.Load(reader);
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            Assert.Equal("Configuration", root["kind"].ToString());
            Assert.Equal(app.AppId, ((YamlMappingNode)root["metadata"])["name"].ToString());
        });
    }

    [Fact]
    public void Compose_gives_each_daprd_its_apps_configuration_and_mtls_and_takes_every_secret_from_the_operators_env_file()
    {
        var services = (YamlMappingNode)Load("docker-compose.yml")["services"];
        Assert.Contains("sentry", services.Children.Keys.Select(k => k.ToString()));

        foreach (var app in Topology.Apps)
        {
            var daprd = (YamlMappingNode)services[app.AppId + "-dapr"];
            var command = ((YamlSequenceNode)daprd["command"]).Select(c => c.ToString()).ToList();
            Assert.Contains($"--config=/dapr-config/{app.AppId}.yaml", command);
            Assert.Contains("--enable-mtls", command);
            Assert.Contains("--sentry-address=sentry:50001", command);
            AssertFromEnvFile((YamlMappingNode)daprd["environment"], [.. Tokens, "DAPR_TRUST_ANCHORS"]);
            AssertFromEnvFile((YamlMappingNode)((YamlMappingNode)services[app.AppId])["environment"], Tokens);
        }
    }

    // `${NAME:?message}`: compose refuses to start without the value, which lives in the git-ignored .env, never here.
    private static void AssertFromEnvFile(YamlMappingNode environment, string[] names)
    {
        foreach (var name in names) Assert.StartsWith("${" + name + ":?", environment[name].ToString());
    }

    [Fact]
    public void Tye_gives_each_app_its_configuration()
    {
        var dapr = (YamlMappingNode)((YamlSequenceNode)Load("tye.yaml")["extensions"]).Cast<YamlMappingNode>().Single(e => e["name"].ToString() == "dapr");
        var componentsPath = dapr["components-path"].ToString();
        var services = (YamlMappingNode)dapr["services"];
        Assert.All(Topology.Apps, app =>
        {
            // Tye's dapr extension reads <components-path>/<config>.yaml.
            var config = ((YamlMappingNode)services[app.AppId])["config"].ToString();
            Assert.Equal(app.ConfigFilePath, Path.GetFullPath(Path.Combine(Root, componentsPath, config + ".yaml")));
        });
    }

    [Fact]
    public void No_run_file_holds_an_api_token()
    {
        Assert.All(Topology.Apps, app => Assert.DoesNotContain(app.Env.Keys, Tokens.Contains));
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(Root, "tye.yaml")), l => !l.TrimStart().StartsWith('#') && l.Contains("_TOKEN", StringComparison.Ordinal));
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(Root, ".gitignore")));
    }

    [Fact]
    public void The_local_run_lets_webhooks_send_to_http_localhost_receivers_and_production_settings_stay_strict()
    {
        var webhooks = Topology.Apps.Single(a => a.AppId == "webhooks");
        Assert.Equal("false", webhooks.Env["Webhooks__RequireHttps"]);
        Assert.Equal("true", webhooks.Env["Webhooks__AllowLoopback"]);
        Assert.DoesNotContain(webhooks.Env.Keys, k => k is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT"); // only those two settings
        Assert.All(Topology.Apps.Where(a => a != webhooks), a => Assert.DoesNotContain(a.Env.Keys, k => k.StartsWith("Webhooks__", StringComparison.Ordinal)));

        using var production = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "apps", "Webhooks", "appsettings.json")));
        var settings = production.RootElement.GetProperty("Webhooks");
        Assert.True(settings.GetProperty("RequireHttps").GetBoolean());
        Assert.False(settings.GetProperty("AllowLoopback").GetBoolean());
        var compose = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Load("docker-compose.yml")["services"])["webhooks"])["environment"];
        Assert.DoesNotContain(compose.Children.Keys, k => k.ToString().StartsWith("Webhooks__", StringComparison.Ordinal));
    }
}
