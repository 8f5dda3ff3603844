using System.Reflection;
using Microsoft.DurableTask;
using Workflows.Domain;
using Workflows.Functions.Orchestrations.MarketEntities;

namespace Workflows.Functions.Tests.Orchestrations;

/// <summary>Issue 13: orchestrations name statutory periods by id; the amounts and counting rules live in the tables.</summary>
public sealed class StatutoryPeriodUseTests
{
    private static readonly DateOnly RulesOn = new(2025, 1, 1);

    public static TheoryData<string, string> PeriodIds()
    {
        var data = new TheoryData<string, string>();
        foreach (var (type, field) in Orchestrators().SelectMany(t => PeriodFields(t).Select(f => (t, f))))
        {
            data.Add(type.Name, (string)field.GetValue(null)!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PeriodIds))]
    public void PeriodId_UsedByAnOrchestration_ExistsInTheRuleTables(string orchestration, string periodId)
    {
        Assert.True(StatutoryPeriods.Find(periodId, RulesOn) is not null, $"{orchestration} asks for the unknown period '{periodId}'.");
    }

    [Fact]
    public void Orchestrators_EveryOneWithADeadline_NamesItsPeriods()
    {
        var naming = Orchestrators().Where(t => PeriodFields(t).Any()).Select(t => t.Name).Order().ToList();

        Assert.Equal(
            ["CoalSubstitutionOrchestration", "IndividualBusinessDeregistrationOrchestration", "RegistrationOrchestration",
                "RevocationOrchestration", "SimplifiedDeregistrationOrchestration"],
            naming);
    }

    [Fact]
    public void Orchestrators_NoNumericConstant_IsWrittenInOrchestrationCode()
    {
        var numbers = Orchestrators()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}")
            .ToList();

        Assert.Empty(numbers);
    }

    private static IEnumerable<Type> Orchestrators() => typeof(CaseFlow).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && IsOrchestrator(t));

    private static bool IsOrchestrator(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(TaskOrchestrator<,>))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<FieldInfo> PeriodFields(Type type) => type
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Period", StringComparison.Ordinal));
}
