using GoLive.Runtime.Launcher;
using GoLive.Runtime.Tests.Infrastructure;

namespace GoLive.Runtime.Tests.Launcher;

public sealed class RunFileParserTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("golive-runfile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string yaml, params string[] folders)
    {
        foreach (var folder in folders) Directory.CreateDirectory(Path.Combine(_root, folder));
        var file = Path.Combine(_root, "dapr.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }

    [Fact]
    public void Common_values_fill_what_an_app_leaves_unset_and_the_app_values_win()
    {
        var file = Write("""
            version: 1
            common:
              resourcesPath: ./shared/components
              configFilePath: ./shared/config.yaml
              appLogDestination: console
              env:
                LEVEL: info
                SHARED: yes
            apps:
              - appID: orders
                appDirPath: ./orders
                appPort: 5001
                daprHTTPPort: 3501
                command: ["dotnet", "run"]
                resourcesPaths: ["./components"]
                env:
                  LEVEL: debug
              - appDirPath: ./billing
                command: ["./billing"]
                appLogDestination: file
            """, "shared/components", "orders/components", "billing");
        File.WriteAllText(Path.Combine(_root, "shared", "config.yaml"), "kind: Configuration");

        var run = RunFileParser.Load(file);

        var orders = run.Apps[0];
        Assert.Equal("orders", orders.AppId);
        Assert.Equal(Path.Combine(_root, "orders"), orders.AppDirPath);
        Assert.Equal(5001, orders.AppPort);
        Assert.Equal(3501, orders.DaprHttpPort);
        Assert.Null(orders.DaprGrpcPort);
        Assert.Equal(["dotnet", "run"], orders.Command);
        Assert.Equal([Path.Combine(_root, "orders", "components")], orders.ResourcesPaths); // relative to the app's folder
        Assert.Equal("debug", orders.Env["LEVEL"]);
        Assert.Equal("yes", orders.Env["SHARED"]);
        Assert.Equal(AppLogDestination.Console, orders.AppLogDestination);

        var billing = run.Apps[1];
        Assert.Equal("billing", billing.AppId); // defaults to the folder name, as with the Dapr CLI
        Assert.Equal([Path.Combine(_root, "shared", "components")], billing.ResourcesPaths); // relative to the run file
        Assert.Equal(Path.Combine(_root, "shared", "config.yaml"), billing.ConfigFilePath);
        Assert.Equal("info", billing.Env["LEVEL"]);
        Assert.Equal(AppLogDestination.File, billing.AppLogDestination);
    }

    [Fact]
    public void An_app_folder_with_dapr_resources_takes_precedence_over_common_resources()
    {
        var file = Write("""
            version: 1
            common:
              resourcesPaths: [./shared]
            apps:
              - appID: web
                appDirPath: ./web
            """, "shared", "web/.dapr/resources");

        var app = Assert.Single(RunFileParser.Load(file).Apps);

        Assert.Equal([Path.Combine(_root, "web", ".dapr", "resources")], app.ResourcesPaths);
        Assert.Equal(AppLogDestination.FileAndConsole, app.AppLogDestination);
        Assert.Empty(app.Command);
    }

    [Theory]
    [InlineData("version: 1\napps:\n  - appID: a\n", "required field 'appDirPath' is missing")]
    [InlineData("apps:\n  - appID: a\n    appDirPath: .\n", "required field 'version' is missing")]
    [InlineData("version: 1\n", "'apps' is missing")]
    [InlineData("version: 1\napps:\n  - appId: a\n    appDirPath: .\n", "'appId' is not a Dapr run file field")]
    [InlineData("version: 1\ncommon:\n  appPort: 5000\napps:\n  - appDirPath: .\n", "'appPort' belongs to an app")]
    [InlineData("version: 1\napps:\n  - appDirPath: ./missing\n", "path './missing' does not exist")]
    [InlineData("version: 1\napps:\n  - appDirPath: .\n    appPort: web\n", "'appPort' must be a port number")]
    [InlineData("version: 1\napps:\n  - appDirPath: .\n    appProtocol: grpc\n", "'grpc' is not supported")]
    [InlineData("version: 1\ncommon:\n  appMaxConcurrency: 1\napps:\n  - appDirPath: .\n", "'appMaxConcurrency' is not supported")]
    [InlineData("version: 1\napps:\n  - appDirPath: .\n    appLogDestination: syslog\n", "must be console, file or fileAndConsole")]
    [InlineData("version: 1\napps:\n  - appDirPath: .\n    appID: a\n  - appDirPath: .\n    appID: a\n", "app id 'a' is used by more than one app")]
    [InlineData("version: 1\napps: [\n", "invalid YAML")]
    public void An_invalid_run_file_is_refused_with_the_file_and_the_reason(string yaml, string reason)
    {
        var file = Write(yaml);

        var error = Assert.Throws<RunFileException>(() => RunFileParser.Load(file));

        Assert.Equal(file, error.File);
        Assert.StartsWith(file + ": ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Daprd_knobs_without_effect_here_are_accepted()
    {
        var file = Write("""
            version: 1
            common:
              logLevel: debug
              enableApiLogging: true
              daprdLogDestination: file
              maxBodySize: 16Mi
            apps:
              - appDirPath: .
                metricsPort: 9090
                containerImage: ghcr.io/example/app:1
                enableAppHealthCheck: true
            """);

        var app = Assert.Single(RunFileParser.Load(file).Apps);

        Assert.Equal(16L * 1024 * 1024, app.MaxBodyBytes);
        Assert.Equal("/healthz", app.AppHealthCheckPath);
    }

    [Fact]
    public void The_repository_run_file_gives_every_app_the_local_components_its_own_configuration_and_a_port()
    {
        var root = RequiredTools.RepositoryRoot;

        var apps = RunFileParser.Load(Path.Combine(root, "dapr.yaml")).Apps;

        Assert.Contains(apps, a => a.AppId == "conformance" && a.AppPort == 5100);
        Assert.Contains(apps, a => a.AppId == "workflows" && a.AppPort == 5200);
        Assert.Equal(apps.Count, apps.Select(a => a.AppPort).Distinct().Count());
        Assert.All(apps, app =>
        {
            Assert.Equal([Path.Combine(root, "components", "local"), Path.Combine(root, "dapr-config")], app.ResourcesPaths);
            Assert.Equal(Path.Combine(root, "dapr-config", app.AppId + ".yaml"), app.ConfigFilePath);
        });
    }

    [Fact]
    public void A_dotnet_run_command_is_started_without_building_again()
    {
        Assert.True(DotnetRun.Applies(["dotnet", "run", "--project", "x", "--", "--urls", "y"]));
        Assert.False(DotnetRun.Applies(["dotnet", "run", "--no-build"]));
        Assert.False(DotnetRun.Applies(["dotnet", "app.dll"]));
        Assert.Equal(["dotnet", "run", "--no-build", "--project", "x", "--", "--urls", "y"],
            DotnetRun.WithoutBuild(["dotnet", "run", "--project", "x", "--", "--urls", "y"]));
    }
}
