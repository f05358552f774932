using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.State;

internal static class StateHttpApi
{
    public static void AddStateServices(IServiceCollection services)
    {
    }

    public static void MapStateApi(this IEndpointRouteBuilder api)
    {
    }
}
