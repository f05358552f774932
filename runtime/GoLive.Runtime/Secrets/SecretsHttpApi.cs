using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GoLive.Runtime.Secrets;

internal static class SecretsHttpApi
{
    public static void AddSecretServices(IServiceCollection services)
    {
    }

    public static void MapSecretsApi(this IEndpointRouteBuilder api)
    {
    }
}
