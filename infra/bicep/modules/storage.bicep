// Storage account for the Functions host (AzureWebJobsStorage), the durable task hub (queues, tables, lease blobs),
// the app's own containers and the Flex Consumption deployment package. Shared keys are off: everything, including
// the host, authenticates with the user-assigned identity.

@description('Storage account name (3-24 lower-case letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Blob containers the app reads and writes.')
param containerNames string[]

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Principal id of the app identity that gets data-plane roles on the account.')
param principalId string

@description('Blob container of the append-only audit chain (issue 17; AuditChain.Container in the app).')
param auditContainerName string = 'audit-chain'

// 30 years: case files of administrative licensing are kept permanently or long-term by the archives rules; the
// chain is the evidence that the Audit table was not rewritten (issue 17). Within the period no identity (the app's
// data-plane roles included) can overwrite or delete a blob of the container, only create new ones.
@description('Days each audit-chain blob stays immutable after it is written (time-based retention).')
@minValue(365)
@maxValue(146000)
param auditRetentionDays int = 10950

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
@description('Redundancy. Zone-redundant by default: the case files survive the loss of a datacentre and stay in the region.')
param skuName string = 'Standard_ZRS'

@minValue(7)
@maxValue(365)
@description('Days a deleted blob can be restored (uploads and reports are evidence in an audit trail).')
param blobSoftDeleteDays int = 30

@minValue(7)
@maxValue(365)
@description('Days a deleted container can be restored.')
param containerSoftDeleteDays int = 30

@minValue(1)
@description('Days an overwritten blob version is kept before lifecycle management deletes it.')
param versionRetentionDays int = 180

@description('Private networking: public network access off; the app reaches the account through private endpoints.')
param privateNetworking bool = false

@description('Log Analytics workspace the diagnostic settings send to.')
param workspaceId string

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
// Blob Data Owner (not Contributor): the Functions host and the Flex deployment need to manage blob leases and ACLs.
var roleDefinitionIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    // Uploaded registrations and reports are evidence in an audit trail: deleted or overwritten blobs stay restorable.
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: containerSoftDeleteDays
    }
    isVersioningEnabled: true
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: versionRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' existing = {
  parent: account
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' existing = {
  parent: account
  name: 'default'
}

// Storage logs (reads, writes, deletes) per service to Log Analytics, kept as long as the workspace keeps them
// (>= 180 days, Cybersecurity Law Art. 21); account-level transaction metrics beside them.
var storageLogs = [
  {
    category: 'StorageRead'
    enabled: true
  }
  {
    category: 'StorageWrite'
    enabled: true
  }
  {
    category: 'StorageDelete'
    enabled: true
  }
]
var transactionMetrics = [
  {
    category: 'Transaction'
    enabled: true
  }
]

resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: account
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    metrics: transactionMetrics
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: blobService
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: storageLogs
    metrics: transactionMetrics
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: queueService
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: storageLogs
    metrics: transactionMetrics
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: tableService
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: storageLogs
    metrics: transactionMetrics
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for containerName in union(containerNames, [deploymentContainerName, auditContainerName]): {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// Time-based retention (WORM) on the audit chain: the app writes each link once (create-only) and never appends to a
// blob, so protected append writes stay off. The app identity has data-plane roles only (below): it can neither
// delete nor overwrite a protected blob, nor shorten or remove this policy. Lock the policy once deployed
// (docs/changing-an-orchestration.md, "Audit chain"): a locked policy can only be extended.
// The container is one of the loop above (a loop member cannot be a parent by name), hence the full name.
#disable-next-line use-parent-property
resource auditImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2024-01-01' = {
  name: '${account.name}/default/${auditContainerName}/default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditRetentionDays
    allowProtectedAppendWrites: false
  }
  dependsOn: [
    containers
  ]
}

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleDefinitionId in items(roleDefinitionIds): {
    scope: account
    // guid(scope, principal, role): stable across redeployments, unique per (account, identity, role).
    name: guid(account.id, principalId, roleDefinitionId.value)
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId.value)
    }
  }
]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerName string = deploymentContainerName
output auditContainerName string = auditContainerName
