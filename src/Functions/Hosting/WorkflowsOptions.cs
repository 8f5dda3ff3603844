using System.ComponentModel.DataAnnotations;

namespace Workflows.Functions.Hosting;

/// <summary>Application options shared by both hosts.</summary>
public sealed class WorkflowsOptions
{
    /// <summary>Durable task hub name (setting <c>WORKFLOWS_TASKHUB</c>).</summary>
    [Required(ErrorMessage = OptionsRegistration.RequiredMessage)]
    public string TaskHub { get; set; } = "workflows";
}
