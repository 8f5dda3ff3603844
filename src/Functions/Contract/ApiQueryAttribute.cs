namespace Workflows.Functions.Contract;

/// <summary>
/// The query parameters an HTTP trigger reads. It is the one declaration of them: the OpenAPI document lists them and
/// both hosts answer any other parameter with 400 <c>query.unknown</c> (a filter the API ignored would silently return
/// everything), so a handler that reads a new parameter must declare it here first.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiQueryAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
