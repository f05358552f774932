using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Invocation;

/// <summary>Resolves the app id of an invocation to the app's channel, among every app in this runtime.</summary>
internal static class InvocationTargets
{
    /// <summary>Accepts <c>appId</c> and <c>appId.namespace</c>: locally every app lives in one namespace.</summary>
    public static string Normalize(string appId)
    {
        var dot = appId.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? appId : appId[..dot];
    }

    public static (SidecarContext Target, AppChannel Channel) Resolve(AppDirectory apps, string appId)
    {
        var id = Normalize(appId);
        var target = apps.Find(id) ?? throw InvocationErrors.UnknownApp(appId);
        return (target, target.Channel ?? throw InvocationErrors.NoAppChannel(appId));
    }
}
