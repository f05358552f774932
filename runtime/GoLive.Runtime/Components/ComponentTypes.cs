namespace GoLive.Runtime.Components;

/// <summary>The table of every component type the runtime supports; each area adds its own.</summary>
public static class ComponentTypes
{
    public static ComponentTypeRegistry CreateDefault()
    {
        var registry = new ComponentTypeRegistry();
        State.StateComponents.Register(registry);
        PubSub.PubSubComponents.Register(registry);
        Secrets.SecretComponents.Register(registry);
        Bindings.BindingComponents.Register(registry);
        return registry;
    }
}
