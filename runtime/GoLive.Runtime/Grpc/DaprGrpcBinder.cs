using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace GoLive.Runtime.Grpc;

/// <summary>
/// Binds the <c>dapr.proto.runtime.v1.Dapr</c> RPCs that <see cref="DaprGrpcService"/> implements. Dapr.Protos ships the
/// messages and the service descriptor but no server base class, so each RPC is matched by name to a public instance
/// method of the service; RPCs without one are not bound and answer <c>Unimplemented</c>, as an unknown method should.
/// Grpc.AspNetCore finds the handler by the RPC name on the service type, so the delegates passed here are null.
/// </summary>
internal static class DaprGrpcBinder
{
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    private static readonly MethodInfo AddUnaryMethod = typeof(DaprGrpcBinder).GetMethod(nameof(AddUnary), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo AddServerStreamingMethod = typeof(DaprGrpcBinder).GetMethod(nameof(AddServerStreaming), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo AddDuplexMethod = typeof(DaprGrpcBinder).GetMethod(nameof(AddDuplex), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => Dapr.Client.Autogen.Grpc.v1.Dapr.Descriptor;

    /// <summary>The RPC names this runtime implements.</summary>
    public static IEnumerable<string> Implemented([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type serviceType) =>
        Descriptor.Methods.Where(m => serviceType.GetMethod(m.Name, BindingFlags.Public | BindingFlags.Instance) is not null).Select(m => m.Name);

    // The instantiations are protobuf message classes (reference types), which share one compiled body under NativeAOT;
    // the published native sidecar is checked against the JavaScript and .NET SDKs (docs/architecture.md, "Native sidecar").
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "Message types are rooted by the Dapr.Protos descriptor.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reference-type instantiations use shared canonical code.")]
    public static void Bind(ServiceBinderBase binder, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type serviceType)
    {
        foreach (var rpc in Descriptor.Methods)
        {
            if (serviceType.GetMethod(rpc.Name, BindingFlags.Public | BindingFlags.Instance) is null) continue;
            var adder = (rpc.IsClientStreaming, rpc.IsServerStreaming) switch
            {
                (false, false) => AddUnaryMethod,
                (false, true) => AddServerStreamingMethod,
                (true, true) => AddDuplexMethod,
                _ => throw new NotSupportedException($"client-streaming RPC {rpc.Name} is not bound"),
            };
            adder.MakeGenericMethod(rpc.InputType.ClrType, rpc.OutputType.ClrType).Invoke(null, [binder, rpc.Name]);
        }
    }

    private static void AddUnary<TRequest, TResponse>(ServiceBinderBase binder, string name)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>, new() =>
        binder.AddMethod(Create<TRequest, TResponse>(MethodType.Unary, name), (UnaryServerMethod<TRequest, TResponse>)null!);

    private static void AddServerStreaming<TRequest, TResponse>(ServiceBinderBase binder, string name)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>, new() =>
        binder.AddMethod(Create<TRequest, TResponse>(MethodType.ServerStreaming, name), (ServerStreamingServerMethod<TRequest, TResponse>)null!);

    private static void AddDuplex<TRequest, TResponse>(ServiceBinderBase binder, string name)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>, new() =>
        binder.AddMethod(Create<TRequest, TResponse>(MethodType.DuplexStreaming, name), (DuplexStreamingServerMethod<TRequest, TResponse>)null!);

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(MethodType type, string name)
        where TRequest : class, IMessage<TRequest>, new() where TResponse : class, IMessage<TResponse>, new() =>
        new(type, ServiceName, name, MarshallerFor<TRequest>(), MarshallerFor<TResponse>());

    private static Marshaller<T> MarshallerFor<T>() where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return Marshallers.Create(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
    }
}
