using GoLive.Runtime.Components;

namespace GoLive.Runtime.Secrets;

public static class SecretComponents
{
    public static void Register(ComponentTypeRegistry registry)
    {
    }
}
