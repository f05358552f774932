namespace GoLive.Runtime.TestApp;

internal static class BindingScenarios
{
    public static void MapBindingScenarios(this IEndpointRouteBuilder app)
    {
    }
}
