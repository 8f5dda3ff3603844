using Workflows.Domain.MarketEntities;
using Workflows.Domain.Validation;

namespace Workflows.Domain.Tests.MarketEntities;

/// <summary>The import of an agency's existing register (issue 14 item 1): samples/register, UTF-8 and GB18030.</summary>
public sealed class RegisterImportTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(Fixtures.SamplesDirectory(), "register", name));

    [Fact]
    public void Parse_SampleRegister_EveryRowWithItsStatusAndDecision()
    {
        var result = RegisterCsv.Parse(Sample("register-luohe.csv"), "411100", Today);

        Assert.True(result.IsClean, string.Join("; ", result.Errors));
        Assert.Equal(6, result.Good.Count);
        var licenceRevoked = result.Good.Single(e => e.Uscc == "91411103MA41CD3E4L");
        Assert.Equal(RegisterStatus.LicenceRevoked, licenceRevoked.Status);
        Assert.Equal(new DateOnly(2023, 11, 20), licenceRevoked.StatusDate);
        Assert.StartsWith("漯郾市监罚字〔2023〕58号", licenceRevoked.Decision, StringComparison.Ordinal);
        Assert.True(result.Good.Single(e => e.Uscc == "92411104MA42EF5G64").OnAbnormalOperationsList);
        Assert.Equal(EntityType.FarmerCooperative, result.Good.Single(e => e.Uscc == "93411121MA44JK9L11").EntityType);
        Assert.Equal("411121", result.Good.Single(e => e.Uscc == "93411121MA44JK9L11").Agency);
    }

    [Fact]
    public void Parse_Gb18030Export_SameEntitiesAsUtf8()
    {
        var utf8 = RegisterCsv.Parse(Sample("register-luohe.csv"), "411100", Today);

        var gb = RegisterCsv.Parse(Sample("register-luohe-gb18030.csv"), "411100", Today, TextEncodingChoice.Gb18030);

        Assert.Equal(utf8.Good, gb.Good);
    }

    [Fact]
    public void Parse_BadRows_EachRowErrorNamesRowFieldAndRule()
    {
        var result = RegisterCsv.Parse(Sample("register-bad-rows.csv"), "411100", Today);

        var errors = result.Errors.Select(e => (e.Row, e.Field, e.Rule)).ToList();
        Assert.Contains((2, "uscc", "register.import.uscc"), errors);
        Assert.Contains((3, "name", "register.import.required"), errors);
        Assert.Contains((4, "entityType", "register.import.entity-type"), errors);
        Assert.Contains((5, "status", "register.import.status"), errors);
        Assert.Contains((6, "establishedOn", "register.import.date"), errors);
    }

    [Fact]
    public void Parse_RowOfAnotherCity_RefusedOutsideJurisdiction()
    {
        var csv =
            "统一社会信用代码,名称,主体类型,登记状态,成立日期,登记机关\n91411102MA40AB1C22,某公司,有限责任公司,存续,2018-03-12,410100\n"u8.ToArray();

        var result = RegisterCsv.Parse(csv, "411100", Today);

        Assert.Equal("register.import.agency", Assert.Single(result.Errors).Rule);
    }

    [Fact]
    public void Parse_SameCodeTwice_LaterRowIsAnError()
    {
        var csv =
            "uscc,name,entityType,status,establishedOn\n91411102MA40AB1C22,甲公司,有限责任公司,存续,2018-03-12\n91411102MA40AB1C22,乙公司,有限责任公司,存续,2018-03-12\n"u8.ToArray();

        var result = RegisterCsv.Parse(csv, "411100", Today);

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, "register.import.duplicate"), (error.Row, error.Rule));
    }
}
