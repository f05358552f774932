namespace GoLive.Runtime.TestApp;

internal static class PubSubScenarios
{
    public static void MapPubSubScenarios(this IEndpointRouteBuilder app)
    {
    }
}
