namespace Workflows.Functions.Contract;

/// <summary>
/// The query parameters an HTTP trigger reads. It is the one declaration of them: the OpenAPI document lists them and
/// both hosts answer any other parameter with 400 <c>query.unknown</c> (a filter the API ignored would silently return
/// everything), so a handler that reads a new parameter must declare it here first.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiQueryAttribute : Attribute
{
    public ApiQueryAttribute(params string[] names) => Names = names;

    /// <summary>The parameters a type declares in its static <c>Declared</c> list of
    /// <see cref="Api.QueryParameterDeclaration"/> (e.g. <see cref="Api.CaseListParameters"/>), so the list its parser
    /// checks and the one the contract states are the same list.</summary>
    public ApiQueryAttribute(Type declaredBy)
    {
        ArgumentNullException.ThrowIfNull(declaredBy);
        var declared =
            declaredBy.GetField("Declared")?.GetValue(null) as IEnumerable<Api.QueryParameterDeclaration>
            ?? throw new ArgumentException($"{declaredBy.Name} has no static Declared list of query parameters.", nameof(declaredBy));
        Names = [.. declared.Select(d => d.Name)];
    }

    public IReadOnlyList<string> Names { get; }
}
