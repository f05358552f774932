namespace GoLive.Runtime.TestApp;

internal static class InvocationScenarios
{
    public static void MapInvocationScenarios(this IEndpointRouteBuilder app)
    {
    }
}
