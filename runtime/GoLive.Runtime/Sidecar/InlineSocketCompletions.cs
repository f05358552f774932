using System.Diagnostics;

namespace GoLive.Runtime.Sidecar;

/// <summary>
/// Lets socket completions run on .NET's socket event threads instead of being queued to the thread pool. A proxied call
/// waits on two sockets (the caller's request, the app's answer), and on an idle machine each hand-off to a sleeping pool
/// thread costs tens of microseconds; inlining them took the added p50 of an invocation from ≈ 0.27 to ≈ 0.20 ms
/// (docs/benchmarks.md). It is safe here because nothing in the sidecar blocks in a continuation; an app is the user's code
/// and may, so the apps the launcher starts never inherit the setting.
/// </summary>
internal static class InlineSocketCompletions
{
    /// <summary>.NET reads this once, when the process opens its first socket.</summary>
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static bool s_chosenByRuntime;

    /// <summary>Turns inlining on unless the operator has set the variable (to 0, say); call before any socket is opened.</summary>
    public static void Enable()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null) return;
        Environment.SetEnvironmentVariable(Variable, "1");
        s_chosenByRuntime = true;
    }

    /// <summary>A child process gets the environment the operator gave the runtime, not the runtime's own choice.</summary>
    public static void KeepFrom(ProcessStartInfo child)
    {
        if (s_chosenByRuntime) child.Environment.Remove(Variable);
    }
}
