using System.Net;
using System.Net.Http.Json;
using Dapr.Client.Autogen.Grpc.v1;
using GoLive.Runtime.TestApp;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using GrpcDapr = Dapr.Client.Autogen.Grpc.v1.Dapr;

namespace GoLive.Runtime.Tests.Invocation;

/// <summary>Invocation between apps of one runtime, each behind its own sidecar, and the obsolete gRPC path.</summary>
public sealed class CrossAppInvocationTests : IAsyncLifetime
{
    private readonly LocalApps _runtime = new();
    private LocalApp _orders = null!;
    private LocalApp _billing = null!;

    public async Task InitializeAsync()
    {
        _orders = await _runtime.StartAsync("orders");
        _billing = await _runtime.StartAsync("billing", appApiToken: "billing-app-token");
    }

    public async Task DisposeAsync() => await _runtime.DisposeAsync();

    [Fact]
    public async Task One_app_invokes_another_through_its_own_sidecar_with_caller_callee_and_app_token()
    {
        using var http = Dapr.Client.DaprClient.CreateInvokeHttpClient("billing", _orders.Sidecar.HttpEndpoint);

        var reply = await http.GetFromJsonAsync<EchoReply>("/echo/invoices?month=5");

        Assert.Equal("/echo/invoices", reply!.Path);
        Assert.Equal("?month=5", reply.Query);
        Assert.Equal("orders", reply.Headers["dapr-caller-app-id"]);
        Assert.Equal("billing", reply.Headers["dapr-callee-app-id"]);
        Assert.Equal("billing-app-token", reply.Headers["dapr-api-token"]);
    }

    [Fact]
    public async Task The_invocation_works_in_the_other_direction_too()
    {
        var reply = await _billing.SidecarHttp.GetFromJsonAsync<EchoReply>("/v1.0/invoke/orders/method/echo/back");

        Assert.Equal("billing", reply!.Headers["dapr-caller-app-id"]);
        Assert.False(reply.Headers.ContainsKey("dapr-api-token"));
    }

    [Fact]
    public async Task An_app_that_does_not_answer_fails_with_err_direct_invoke()
    {
        await _runtime.StartWithoutAppAsync("sleeping");

        using var response = await _orders.SidecarHttp.GetAsync("/v1.0/invoke/sleeping/method/echo/x");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("ERR_DIRECT_INVOKE", body);
        Assert.Contains("sleeping", body);
    }

    [Fact]
    public async Task Grpc_invoke_service_calls_the_http_app_with_verb_query_content_type_and_body()
    {
        using var channel = GrpcChannel.ForAddress(_orders.Sidecar.GrpcEndpoint);
        var client = new GrpcDapr.DaprClient(channel);

        var response = await client.InvokeServiceAsync(new InvokeServiceRequest
        {
            Id = "billing",
            Message = new InvokeRequest
            {
                Method = "echo/grpc",
                ContentType = "text/plain",
                Data = new Any { Value = ByteString.CopyFromUtf8("over grpc") },
                HttpExtension = new HTTPExtension { Verb = HTTPExtension.Types.Verb.Put, Querystring = "a=1&b=2" },
            },
        }, new global::Grpc.Core.Metadata { { "x-custom", "from-metadata" } });

        Assert.StartsWith("application/json", response.ContentType);
        var reply = System.Text.Json.JsonSerializer.Deserialize<EchoReply>(response.Data.Value.Span, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal("PUT", reply.Method);
        Assert.Equal("/echo/grpc", reply.Path);
        Assert.Equal("?a=1&b=2", reply.Query);
        Assert.Equal("over grpc", reply.Body);
        Assert.StartsWith("text/plain", reply.Headers["content-type"]);
        Assert.Equal("from-metadata", reply.Headers["x-custom"]);
        Assert.Equal("billing-app-token", reply.Headers["dapr-api-token"]);
    }

    [Fact]
    public async Task Grpc_invoke_service_of_an_unknown_app_fails_with_err_direct_invoke()
    {
        using var channel = GrpcChannel.ForAddress(_orders.Sidecar.GrpcEndpoint);
        var client = new GrpcDapr.DaprClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.InvokeServiceAsync(new InvokeServiceRequest { Id = "nobody", Message = new InvokeRequest { Method = "echo" } }));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("ERR_DIRECT_INVOKE", error.Status.Detail);
    }

    [Fact]
    public async Task Grpc_invoke_service_maps_an_app_error_status_to_a_grpc_status()
    {
        using var channel = GrpcChannel.ForAddress(_orders.Sidecar.GrpcEndpoint);
        var client = new GrpcDapr.DaprClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.InvokeServiceAsync(new InvokeServiceRequest
        {
            Id = "billing",
            Message = new InvokeRequest { Method = "no-such-route", HttpExtension = new HTTPExtension { Verb = HTTPExtension.Types.Verb.Get } },
        }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
