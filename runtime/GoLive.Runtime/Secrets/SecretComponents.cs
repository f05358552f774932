using GoLive.Runtime.Components;

namespace GoLive.Runtime.Secrets;

/// <summary>The secret store types: a JSON file and the process environment, both for local development as in daprd.</summary>
public static class SecretComponents
{
    public static void Register(ComponentTypeRegistry registry)
    {
        registry.Add("secretstores.local.file", ["v1"], ["secretsFile", "nestedSeparator", "multiValued"],
            async (context, cancellationToken) => await LocalFileSecretStore.LoadAsync(context, cancellationToken));
        registry.Add("secretstores.local.env", ["v1"], ["prefix"],
            (context, _) => ValueTask.FromResult<object>(new EnvSecretStore(context.Get("prefix") ?? "")));
    }
}
