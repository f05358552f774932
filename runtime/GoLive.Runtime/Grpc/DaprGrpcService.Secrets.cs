using Dapr.Client.Autogen.Grpc.v1;
using GoLive.Runtime.Secrets;
using Grpc.Core;

namespace GoLive.Runtime.Grpc;

public partial class DaprGrpcService
{
    public virtual async Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context)
    {
        var secret = await SecretsApi.GetAsync(Sidecar, request.StoreName, request.Key, request.Metadata, context.CancellationToken);
        var response = new GetSecretResponse();
        foreach (var (key, value) in secret) response.Data[key] = value;
        return response;
    }

    public virtual async Task<GetBulkSecretResponse> GetBulkSecret(GetBulkSecretRequest request, ServerCallContext context)
    {
        var secrets = await SecretsApi.GetBulkAsync(Sidecar, request.StoreName, request.Metadata, context.CancellationToken);
        var response = new GetBulkSecretResponse();
        foreach (var (name, values) in secrets)
        {
            var secret = new SecretResponse();
            foreach (var (key, value) in values) secret.Secrets[key] = value;
            response.Data[name] = secret;
        }
        return response;
    }
}
