namespace Workflows.Infra.Tests;

/// <summary>The detector used on the template must itself catch secrets and let ordinary template text through.</summary>
public sealed class SecretHeuristicsTests
{
    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=abc;EndpointSuffix=core.windows.net")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abc")]
    [InlineData("BlobEndpoint=https://st1.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig=abc")]
    [InlineData("https://st1.blob.core.windows.net/c/b?sv=2022-11-02&se=2030-01-01&sig=abc%3D")]
    [InlineData("adminPassword")]
    [InlineData("Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla")]
    [InlineData("[format('{0}', 'q8Xk2P9vLm3Rt7Wz1Yb5Nc0Hd4Jf6Gs8Ae2Ui9Op3Lk7Mn1Bv')]")]
    public void Suspicions_SecretLikeText_AreReported(string text) =>
        Assert.NotEmpty(SecretHeuristics.Suspicions(text));

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers")]
    [InlineData("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('webhookSecretUri'))]")]
    [InlineData("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]")]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b")]
    [InlineData("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#")]
    [InlineData("managedidentity")]
    [InlineData("[guid(resourceId('Microsoft.Storage/storageAccounts', parameters('name')), parameters('principalId'))]")]
    public void Suspicions_OrdinaryTemplateText_AreNone(string text) =>
        Assert.Empty(SecretHeuristics.Suspicions(text));
}
