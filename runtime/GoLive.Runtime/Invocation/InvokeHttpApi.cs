using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Invocation;

internal static class InvokeHttpApi
{
    public static void AddInvocationServices(IServiceCollection services)
    {
    }

    public static void MapInvokeApi(this IEndpointRouteBuilder api)
    {
    }
}
