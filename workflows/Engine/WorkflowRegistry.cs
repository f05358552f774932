using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GoLive.Workflows;

/// <summary>The workflows and in-process activities this app hosts, by name.</summary>
public sealed class WorkflowOptions
{
    internal Dictionary<string, Type> Workflows { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, Type> Activities { get; } = new(StringComparer.Ordinal);

    /// <summary>How often a running instance is checked on while nothing else wakes it: what resumes it after a crash.</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(30);

    public WorkflowOptions AddWorkflow<T>(string? name = null) where T : class, IWorkflow
    {
        Workflows[name ?? typeof(T).Name] = typeof(T);
        return this;
    }

    public WorkflowOptions AddActivity<T>(string? name = null) where T : class, IWorkflowActivity
    {
        Activities[name ?? typeof(T).Name] = typeof(T);
        return this;
    }

    public bool IsRegistered(string workflow) => Workflows.ContainsKey(workflow);

    internal void Register(IServiceCollection services)
    {
        foreach (var type in Workflows.Values.Concat(Activities.Values)) services.TryAddTransient(type);
    }
}
