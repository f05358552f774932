using GoLive.Runtime.Sidecar;

namespace GoLive.Runtime.Bindings;

/// <summary>The output-binding API's logic, shared by the HTTP and gRPC front ends.</summary>
internal sealed class BindingService(SidecarContext sidecar)
{
    public Task<BindingResult> InvokeAsync(string name, BindingInvocation invocation, CancellationToken cancellationToken)
    {
        var component = sidecar.Components.GetValueOrDefault(name)?.Instance;
        if (component is IInputBinding and not IOutputBinding)
            throw DaprErrors.Internal("ERR_INVOKE_OUTPUT_BINDING", $"error invoking output binding {name}: {name} is an input binding only");
        if (component is not IOutputBinding binding) throw DaprErrors.BindingNotFound(name);
        if (string.IsNullOrEmpty(invocation.Operation))
            throw DaprErrors.Malformed($"an operation is required to invoke binding {name}");
        return binding.InvokeAsync(invocation, cancellationToken);
    }
}
