using System.Collections.Frozen;
using System.Globalization;
using GoLive.Runtime.Components;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GoLive.Runtime.Launcher;

/// <summary>
/// Reads Dapr's multi-app run format the way <c>dapr run -f</c> does (dapr/cli pkg/runfileconfig): <c>common</c> fills what an
/// app leaves unset, common paths are relative to the run file's folder and an app's paths to its <c>appDirPath</c>. Fields that
/// would change behaviour and that this runtime cannot honour are refused; daprd-only knobs with no effect here are skipped.
/// </summary>
public static class RunFileParser
{
    private static readonly FrozenSet<string> AppFields = FrozenSet.Create(StringComparer.Ordinal,
        "appID", "appDirPath", "appPort", "daprHTTPPort", "daprGRPCPort", "command", "appChannelAddress", "unixDomainSocket",
        "metricsPort", "profilePort", "daprInternalGRPCPort", "containerImage", "containerImagePullPolicy", "createService");

    private static readonly FrozenSet<string> SharedFields = FrozenSet.Create(StringComparer.Ordinal,
        "configFilePath", "appProtocol", "apiListenAddresses", "enableProfiling", "logLevel", "appMaxConcurrency",
        "placementHostAddress", "schedulerHostAddress", "resourcesPath", "resourcesPaths", "appSSL", "maxBodySize", "readBufferSize",
        "enableAppHealthCheck", "appHealthCheckPath", "appHealthProbeInterval", "appHealthProbeTimeout", "appHealthThreshold",
        "enableApiLogging", "runtimePath", "env", "daprdLogDestination", "appLogDestination");

    // daprd's logging, profiling, metrics and control-plane addresses, and Kubernetes-only fields: no effect on a local sidecar.
    private static readonly FrozenSet<string> IgnoredFields = FrozenSet.Create(StringComparer.Ordinal,
        "logLevel", "enableApiLogging", "enableProfiling", "profilePort", "metricsPort", "daprInternalGRPCPort", "placementHostAddress",
        "schedulerHostAddress", "runtimePath", "readBufferSize", "appHealthProbeInterval", "appHealthProbeTimeout", "appHealthThreshold",
        "daprdLogDestination", "containerImage", "containerImagePullPolicy", "createService");

    public static RunFile Load(string path, ILogger? logger = null)
    {
        var file = Path.GetFullPath(path);
        if (Directory.Exists(file)) file = Path.Combine(file, "dapr.yaml");
        if (!System.IO.File.Exists(file)) throw new RunFileException(file, "run file not found");
        var stream = new YamlStream();
        try
        {
            using var reader = System.IO.File.OpenText(file);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new RunFileException(file, $"invalid YAML at line {e.Start.Line}: {e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new RunFileException(file, "expected one YAML mapping with 'version', 'common' and 'apps'");
        return Read(root, file, logger ?? NullLogger.Instance);
    }

    private static RunFile Read(YamlMappingNode root, string file, ILogger logger)
    {
        var top = new RunFileSection(root, file, "run file");
        foreach (var key in top.Keys.Where(k => k is not ("version" or "name" or "common" or "apps")))
            throw top.Invalid(key, "is not a run file field (expected version, name, common, apps)");
        if (top.String("version") is not "1")
            throw new RunFileException(file, top.Has("version") ? $"'version' {top.String("version")} is not supported (expected 1)" : "required field 'version' is missing");

        var baseDir = Path.GetDirectoryName(file)!;
        var common = new RunFileSection(root.Mapping("common"), file, "common");
        Check(common, allowAppFields: false, logger);
        var commonResources = common.List("resourcesPaths").Concat(common.List("resourcesPath"))
            .Select(p => ExistingPath(common, "resourcesPaths", baseDir, p)).ToArray();
        var commonConfig = common.String("configFilePath") is { } c ? ExistingPath(common, "configFilePath", baseDir, c) : null;

        if (root.Sequence("apps") is not { Children.Count: > 0 } apps) throw new RunFileException(file, "required field 'apps' is missing or empty");
        var result = new List<RunFileApp>();
        foreach (var (node, index) in apps.Children.Select((n, i) => (n, i)))
        {
            if (node is not YamlMappingNode mapping) throw new RunFileException(file, $"apps[{index}] is not a mapping");
            var app = new RunFileSection(mapping, file, $"apps[{index}]");
            Check(app, allowAppFields: true, logger);
            result.Add(ReadApp(app, common, baseDir, commonResources, commonConfig));
        }
        var duplicate = result.GroupBy(a => a.AppId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new RunFileException(file, $"app id '{duplicate.Key}' is used by more than one app");
        return new RunFile(file, result);
    }

    private static RunFileApp ReadApp(RunFileSection app, RunFileSection common, string baseDir, string[] commonResources, string? commonConfig)
    {
        var dirValue = app.String("appDirPath") ?? throw new RunFileException(app.File, $"{app.Where}: required field 'appDirPath' is missing");
        var dir = ExistingPath(app, "appDirPath", baseDir, dirValue);
        var id = app.String("appID") ?? Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar));
        var where = new RunFileSection(null, app.File, $"app '{id}'");
        if (id.Contains('.', StringComparison.Ordinal)) throw where.Invalid("appID", "must not contain dots");

        // Precedence as in the Dapr CLI: the app's own paths, then <appDirPath>/.dapr/…, then common. Dapr's ~/.dapr defaults
        // are not used: this runtime is for machines without `dapr init`, where they would hold components it cannot load.
        IReadOnlyList<string> resources = app.List("resourcesPaths").Concat(app.List("resourcesPath"))
            .Select(p => ExistingPath(app, "resourcesPaths", dir, p)).ToArray();
        var localDapr = Path.Combine(dir, ".dapr");
        if (resources.Count == 0)
            resources = Directory.Exists(Path.Combine(localDapr, "resources")) ? [Path.Combine(localDapr, "resources")] : commonResources;
        var config = app.String("configFilePath") is { } c ? ExistingPath(app, "configFilePath", dir, c)
            : System.IO.File.Exists(Path.Combine(localDapr, "config.yaml")) ? Path.Combine(localDapr, "config.yaml") : commonConfig;

        string? Shared(string key) => app.String(key) ?? common.String(key);
        bool SharedBool(string key) => app.Has(key) ? app.Bool(key) : common.Bool(key);

        var protocol = Shared("appProtocol") ?? "http";
        if (!protocol.Equals("http", StringComparison.OrdinalIgnoreCase))
            throw where.Invalid("appProtocol", $"'{protocol}' is not supported by the GoLive local runtime (only http)");
        if (SharedBool("appSSL")) throw where.Invalid("appSSL", "(TLS to the app) is not supported by the GoLive local runtime");
        if (int.TryParse(Shared("appMaxConcurrency"), CultureInfo.InvariantCulture, out var concurrency) && concurrency > 0)
            throw where.Invalid("appMaxConcurrency", "is not supported by the GoLive local runtime (calls to the app are not throttled)");
        if (app.String("unixDomainSocket") is not null) throw where.Invalid("unixDomainSocket", "is not supported by the GoLive local runtime (TCP on loopback only)");
        if (Shared("apiListenAddresses") is { } listen && listen.Split(',').Any(a => a.Trim() is not ("127.0.0.1" or "localhost")))
            throw where.Invalid("apiListenAddresses", $"'{listen}' is not supported: the GoLive local sidecar listens on 127.0.0.1 only");

        var env = new Dictionary<string, string>(common.Map("env"), StringComparer.Ordinal);
        foreach (var (name, value) in app.Map("env")) env[name] = value;

        return new RunFileApp
        {
            AppId = id,
            AppDirPath = dir,
            Command = app.List("command"),
            Env = env,
            AppPort = app.Port("appPort"),
            DaprHttpPort = app.Port("daprHTTPPort"),
            DaprGrpcPort = app.Port("daprGRPCPort"),
            AppChannelAddress = app.String("appChannelAddress") ?? "127.0.0.1",
            ResourcesPaths = resources,
            ConfigFilePath = config,
            AppLogDestination = ParseLogDestination(where, Shared("appLogDestination")),
            AppHealthCheckPath = SharedBool("enableAppHealthCheck") ? "/" + (Shared("appHealthCheckPath") ?? "/healthz").TrimStart('/') : null,
            MaxBodyBytes = Shared("maxBodySize") is { } size ? ByteQuantity.Parse(size) ?? throw where.Invalid("maxBodySize", $"must be a size like 4Mi or 16MB, got '{size}'") : null,
        };
    }

    private static void Check(RunFileSection section, bool allowAppFields, ILogger logger)
    {
        foreach (var key in section.Keys)
        {
            if (AppFields.Contains(key) && !allowAppFields)
                throw section.Invalid(key, "belongs to an app, not to 'common'");
            if (!AppFields.Contains(key) && !SharedFields.Contains(key))
                throw section.Invalid(key, "is not a Dapr run file field (names are case-sensitive, e.g. appID, daprHTTPPort)");
            if (IgnoredFields.Contains(key))
                logger.LogDebug("{File}: {Section}: '{Field}' has no effect on the GoLive local runtime; ignored", section.File, section.Where, key);
        }
    }

    private static AppLogDestination ParseLogDestination(RunFileSection where, string? value) => value switch
    {
        null or "fileAndConsole" => AppLogDestination.FileAndConsole,
        "console" => AppLogDestination.Console,
        "file" => AppLogDestination.File,
        _ => throw where.Invalid("appLogDestination", $"must be console, file or fileAndConsole, got '{value}'"),
    };

    private static string ExistingPath(RunFileSection section, string key, string baseDir, string value)
    {
        var expanded = value.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + value[1..] : value;
        var full = Path.GetFullPath(Path.Combine(baseDir, expanded));
        if (!Directory.Exists(full) && !System.IO.File.Exists(full)) throw section.Invalid(key, $"path '{value}' does not exist (resolved to {full})");
        return full;
    }
}
