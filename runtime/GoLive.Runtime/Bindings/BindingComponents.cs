using GoLive.Runtime.Components;

namespace GoLive.Runtime.Bindings;

public static class BindingComponents
{
    public static void Register(ComponentTypeRegistry registry)
    {
    }
}
