using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Bindings;

internal static class BindingsHttpApi
{
    public static void AddBindingServices(IServiceCollection services)
    {
    }

    public static void MapBindingsApi(this IEndpointRouteBuilder api)
    {
    }
}
