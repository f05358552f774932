using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.PubSub;

internal static class PubSubHttpApi
{
    public static void AddPubSubServices(IServiceCollection services)
    {
    }

    public static void MapPubSubApi(this IEndpointRouteBuilder api)
    {
    }
}
