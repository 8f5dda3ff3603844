using Workflows.Domain.Access;

namespace Workflows.Functions.Power;

/// <summary>The price department (价格主管部门, 809号 四(一)、四(五)) that supervises a grid company's cases: the
/// provincial development and reform commission for the provincial company, the city's for a city supply company.</summary>
public static class PriceOffices
{
    public static Role Of(string agency) => agency.EndsWith("0000", StringComparison.Ordinal) ? Role.ProvincialDrc : Role.MunicipalDrc;
}
