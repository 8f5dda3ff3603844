// Key Vault (RBAC mode) holding the notification webhook URL, which embeds the group robot's access token.
// The app reads it through a Key Vault reference resolved with the user-assigned identity.

@description('Key Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Principal id of the app identity (gets Key Vault Secrets User).')
param appPrincipalId string

@description('Optional principal id of the person deploying (gets Key Vault Secrets Officer, to rotate the secret).')
param operatorPrincipalId string = ''

@description('Name of the secret that holds the notification webhook URL.')
param webhookSecretName string

@secure()
@description('Notification webhook URL. Empty: the secret is not written (set it later with az keyvault secret set); a redeployment with an empty value leaves a rotated secret alone.')
param webhookUrl string = ''

@minValue(7)
@maxValue(90)
@description('Days a deleted secret (or the vault) can be recovered.')
param softDeleteRetentionInDays int = 90

@description('Private networking: public network access off; the app reaches the vault through a private endpoint.')
param privateNetworking bool = false

@description('Log Analytics workspace the diagnostic settings send to.')
param workspaceId string

var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Who read or changed which secret (AuditEvent) to Log Analytics (>= 180 days, Cybersecurity Law Art. 21).
resource vaultDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: vault
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

resource webhookSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(webhookUrl)) {
  parent: vault
  name: webhookSecretName
  properties: {
    value: webhookUrl
    contentType: 'text/uri'
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appPrincipalId, keyVaultSecretsUserRoleId)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
  }
}

resource operatorSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  scope: vault
  name: guid(vault.id, operatorPrincipalId, keyVaultSecretsOfficerRoleId)
  properties: {
    principalId: operatorPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
// Versionless: App Service picks up a new secret version by itself (within 24 hours, or at once on restart).
output webhookSecretUri string = '${vault.properties.vaultUri}secrets/${webhookSecretName}'
