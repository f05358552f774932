using GoLive.Runtime.Components;

namespace GoLive.Runtime.Bindings;

public static class BindingComponents
{
    public static void Register(ComponentTypeRegistry registry)
    {
        registry.Add("bindings.http", ["v1"], ["url", "errorIfNot2XX", "maxResponseBodySize", "responseTimeout", "direction"],
            (context, _) => ValueTask.FromResult<object>(new HttpOutputBinding(OnlyDirection(context, "output"))));
        registry.Add("bindings.cron", ["v1"], ["schedule", "direction"],
            (context, _) => ValueTask.FromResult<object>(new CronInputBinding(OnlyDirection(context, "input"))));
    }

    /// <summary>The optional <c>direction</c> metadata must agree with what the binding type can do.</summary>
    private static ComponentContext OnlyDirection(ComponentContext context, string supported)
    {
        if (context.Get("direction") is { } direction && direction != supported)
            throw context.Invalid($"direction '{direction}' is not supported: {context.Spec.Type} is an {supported} binding");
        return context;
    }
}
