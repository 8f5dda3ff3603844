namespace Workflows.Infra.Tests;

/// <summary>
/// Flex Consumption blob triggers need Event Grid: the template provisions the storage account's system topic; the
/// per-function subscriptions are created by the postdeploy hook (they need the app's blobs_extension key).
/// </summary>
[Collection(BicepTestGroup.Name)]
public sealed class BlobEventsTests(BicepFixture bicep)
{
    private const string SystemTopicType = "Microsoft.EventGrid/systemTopics";

    [Fact]
    public void SystemTopic_TopicType_IsStorageAccounts()
    {
        var topic = bicep.Template.SingleOfType(SystemTopicType);

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Properties["topicType"].Text());
    }

    [Fact]
    public void SystemTopic_Source_IsTheAppStorageAccount()
    {
        var topic = bicep.Template.SingleOfType(SystemTopicType);
        var module = bicep.Template.Module("blobevents");

        Assert.Equal(
            "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]",
            topic.Properties["source"].Text());
        var accountName = module.Properties["parameters"]?["storageAccountName"]?["value"].Text() ?? string.Empty;
        Assert.Contains("'storage'", accountName, StringComparison.Ordinal);
        Assert.Contains("outputs.name.value", accountName, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemTopic_Location_IsTheDeploymentLocation()
    {
        var topic = bicep.Template.SingleOfType(SystemTopicType);
        var module = bicep.Template.Module("blobevents");

        Assert.Equal("[parameters('location')]", topic.Resource["location"].Text());
        Assert.Equal("[parameters('location')]", module.Properties["parameters"]?["location"]?["value"].Text());
    }

    [Fact]
    public void SystemTopic_Name_IsAnAzdOutputForTheHook()
    {
        var output = bicep.Template.Root["outputs"]?["AZURE_STORAGE_SYSTEM_TOPIC_NAME"];

        Assert.NotNull(output);
        Assert.Contains("'blobevents'", output["value"].Text() ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("AZURE_STORAGE_SYSTEM_TOPIC_NAME", File.ReadAllText(DeployHook.ScriptPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft.EventGrid/systemTopics/eventSubscriptions")]
    [InlineData("Microsoft.EventGrid/eventSubscriptions")]
    public void EventSubscriptions_AreLeftToThePostdeployHook(string resourceType) =>
        // A subscription's webhook URL embeds the blobs_extension key: declaring it here would put a key in the template.
        Assert.Empty(bicep.Template.OfType(resourceType));
}
