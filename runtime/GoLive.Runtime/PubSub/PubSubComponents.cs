using GoLive.Runtime.Components;

namespace GoLive.Runtime.PubSub;

public static class PubSubComponents
{
    public static void Register(ComponentTypeRegistry registry)
    {
    }
}
