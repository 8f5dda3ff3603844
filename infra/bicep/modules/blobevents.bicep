// Event Grid system topic on the storage account. On Flex Consumption a blob trigger only works with the Event Grid
// source (Source = BlobTriggerSource.EventGrid): the storage account publishes BlobCreated events to this topic and
// one event subscription per blob-triggered function delivers them to the function app's blobs extension webhook.
//
// The subscriptions are not declared here: their webhook URL carries the app's blobs_extension system key, which
// exists only once the deployed code has started, and reading it here would put a key into the template. They are
// created after `azd deploy` by the postdeploy hook scripts/create-blob-subscriptions.sh (see docs/deploy.md).

@description('Name of the Event Grid system topic.')
@minLength(3)
@maxLength(128)
param name string

@description('Azure region; a system topic lives in the region of its source storage account.')
param location string

@description('Tags applied to the topic.')
param tags object

@description('Name of the storage account (in this resource group) whose blob events the topic publishes.')
param storageAccountName string

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = systemTopic.name
output id string = systemTopic.id
