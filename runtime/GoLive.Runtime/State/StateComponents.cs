using GoLive.Runtime.Components;

namespace GoLive.Runtime.State;

public static class StateComponents
{
    public static void Register(ComponentTypeRegistry registry)
    {
    }
}
