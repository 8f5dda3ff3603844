using Workflows.Domain.Access;

namespace Workflows.Domain.Tests.Access;

public sealed class PersonalDataTests
{
    [Fact]
    public void MaskIdNumber_ResidentId_KeepsDivisionAndLastFour() =>
        Assert.Equal("411102********1234", PersonalData.MaskIdNumber("411102199001011234"));

    [Fact]
    public void MaskPhone_Mobile_KeepsFirstThreeAndLastFour() =>
        Assert.Equal("138****2345", PersonalData.MaskPhone("13839512345"));

    [Fact]
    public void MaskAddress_HomeAddress_KeepsTheCountyOnly() =>
        Assert.Equal("河南省漯河市源汇区****", PersonalData.MaskAddress("河南省漯河市源汇区黄河路88号院3号楼2单元501"));

    [Fact]
    public void Mask_UsccInIdNumberField_KeptBecauseNotPersonal() =>
        Assert.Equal("91411100MA44TQ8U1D", PersonalData.Mask(PersonalDataKind.ResidentIdNumber, "91411100MA44TQ8U1D"));

    [Fact]
    public void MaskText_IdAndMobileInChineseSentence_BothMaskedRestUnchanged() =>
        Assert.Equal("申请人411103********0068，电话136****1122。", PersonalData.MaskText("申请人411103198812080068，电话13603951122。"));

    [Theory]
    [InlineData("REG-411100-20240208-0123456789ABCDEF")]
    [InlineData("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("substitutionTonnes 16500")]
    public void MaskText_CaseIdsHashesAndFigures_Unchanged(string text) =>
        Assert.Equal(text, PersonalData.MaskText(text));
}
