// The one identity the Function App runs as: storage (host, durable task hub, our blobs and tables), Key Vault
// references, Application Insights (Entra ID auth) and the Flex deployment container all use it. A user-assigned
// identity exists before the app, so its role assignments are in place when the app first starts.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
