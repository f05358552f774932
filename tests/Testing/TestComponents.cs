namespace GoLive.Testing;

/// <summary>Copies a folder of component YAML into a temp folder, filling in the placeholders.</summary>
public static class TestComponents
{
    public static string Materialize(string source, string tempDirectory, IReadOnlyDictionary<string, string>? extra = null, string? into = null)
    {
        var target = into ?? Directory.CreateDirectory(Path.Combine(tempDirectory, "components-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        foreach (var file in Directory.Exists(source) ? Directory.EnumerateFiles(source, "*.yaml") : [])
        {
            var text = File.ReadAllText(file)
                .Replace("{{TEMP}}", tempDirectory, StringComparison.Ordinal)
                .Replace("{{FIXTURES}}", Path.Combine(AppContext.BaseDirectory, "fixtures"), StringComparison.Ordinal);
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
                text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), text);
        }
        return target;
    }
}

/// <summary>
/// The embedded components every app test can start from, mirroring <c>components/local</c> in memory: per app a scoped
/// <c>statestore</c> (also the actor store) whose outbox publishes to <c>{appId}-events</c>, Status's <c>metricstore</c>
/// (no outbox) when <c>status</c> is one of the apps, one shared in-memory <c>pubsub</c>, and a <c>secretstore</c> over a
/// JSON file of test secrets (with <c>operator-keys</c> holding <see cref="TestOperators.Defaults"/> unless given). A test replaces any of them by writing a file of the same name.
/// </summary>
public static class DefaultComponents
{
    public static string Write(string directory, IEnumerable<string> appIds, IReadOnlyDictionary<string, string>? secrets = null)
    {
        Directory.CreateDirectory(directory);
        var apps = appIds.ToArray();
        foreach (var appId in apps)
        {
            File.WriteAllText(Path.Combine(directory, $"statestore-{appId}.yaml"), $"""
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: statestore
                spec:
                  type: state.in-memory
                  version: v1
                  metadata:
                    - name: actorStateStore
                      value: "true"
                    - name: outboxPublishPubsub
                      value: pubsub
                    - name: outboxPublishTopic
                      value: {appId}-events
                scopes: [{appId}]
                """);
        }
        if (apps.Contains("status"))
        {
            File.WriteAllText(Path.Combine(directory, "metricstore.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: metricstore
                spec:
                  type: state.in-memory
                  version: v1
                scopes: [status]
                """);
        }
        File.WriteAllText(Path.Combine(directory, "pubsub.yaml"), """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: pubsub
            spec:
              type: pubsub.in-memory
              version: v1
            """);
        var secretsFile = Path.Combine(directory, "secrets.json");
        // The test operators (TestOperators.Defaults) unless the test brings its own operator-keys.
        var allSecrets = new Dictionary<string, string>(secrets ?? new Dictionary<string, string>());
        allSecrets.TryAdd(GoLive.ServiceDefaults.Operators.OperatorKeySecret.DefaultName, TestOperators.SecretValue());
        File.WriteAllText(secretsFile, System.Text.Json.JsonSerializer.Serialize(allSecrets));
        File.WriteAllText(Path.Combine(directory, "secretstore.yaml"), $"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: secretstore
            spec:
              type: secretstores.local.file
              version: v1
              metadata:
                - name: secretsFile
                  value: "{secretsFile}"
            """);
        return directory;
    }
}
