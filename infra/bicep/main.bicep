// Workflows on Azure: Flex Consumption Function App + storage + Key Vault + monitoring, all wired with one
// user-assigned managed identity. Deploy with `azd up` (see docs/deploy.md); parameters come from main.parameters.json.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region for all resources (must offer Flex Consumption, unless hostingPlan is ElasticPremium).')
param location string

@description('Optional object id of the person deploying: gets Key Vault Secrets Officer to rotate the webhook secret.')
param principalId string = ''

@secure()
@description('Notification webhook URL (embeds a token). Empty: set it later with az keyvault secret set.')
param notificationWebhookUrl string = ''

@description('Durable task hub name: letters and digits, 3-45 characters, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'workflows'

@description('Always-ready instances for the durable group (0 saves the baseline cost but adds cold starts).')
@minValue(0)
param durableAlwaysReadyInstances int = 1

@description('Upper bound on instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Hosting plan: FlexConsumption (FC1) where offered, or ElasticPremium (EP1) for a region or cloud without it.')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = 'FlexConsumption'

@description('Entra ID tenant of the app registration used for sign-in (App Service authentication).')
param authTenantId string = tenant().tenantId

@minLength(36)
@maxLength(36)
@description('Application (client) id of the app registration (scripts/create-app-registration.sh prints it).')
param authClientId string

@description('Optional: provider key of a provincial unified identity platform (OpenID Connect); empty means Entra ID only.')
param oidcProviderName string = ''

@description('Optional: that platform\'s OpenID configuration URL (…/.well-known/openid-configuration).')
param oidcWellKnownConfiguration string = ''

@description('Optional: this app\'s client id at that platform.')
param oidcClientId string = ''

@description('Claim mapping, a JSON array of {claimType, claimValue, role, agency} (docs/deploy.md, "Claim mapping").')
param identityClaimMappings string = '[]'

@description('Claim that carries the agency division code in the sign-in token.')
param agencyClaimType string = 'workflows_agency'

@description('Claim that carries the USCC of an enterprise or project owner in the sign-in token.')
param usccClaimType string = 'workflows_uscc'

@description('Private networking: VNet integration for the app, private endpoints for storage and Key Vault, public access off.')
param privateNetworking bool = false

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
@description('Storage redundancy (zone-redundant by default).')
param storageSkuName string = 'Standard_ZRS'

@minValue(7)
@maxValue(365)
@description('Days deleted blobs and containers stay restorable.')
param storageSoftDeleteDays int = 30

@minValue(1)
@description('Days overwritten blob versions are kept.')
param storageVersionRetentionDays int = 180

@minValue(180)
@maxValue(730)
@description('Days Log Analytics keeps logs: at least 180 (six months, Cybersecurity Law Art. 21).')
param logRetentionInDays int = 180

@description('E-mail address that receives the alerts (empty: none).')
param alertEmail string = ''

@secure()
@description('Webhook that receives the alerts (empty: none).')
param alertWebhookUrl string = ''

var tags = {
  'azd-env-name': environmentName
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

// Containers the app uses; Flex Consumption keeps the deployment package in its own container of the same account.
var appContainerNames = [
  'registrations-inbox'
  'coal-inbox'
  'coal-reports'
  'retrofit-inbox'
  'calendars'
  'documents'
  'reports'
  'quarantine'
  'twohigh-inbox'
]
var deploymentContainerName = 'deploymentpackage'
var webhookSecretName = 'notification-webhook-url'
var oidcCredentialSecretName = 'provincial-oidc-client-secret'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: resourceGroup
  name: 'identity'
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: resourceGroup
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    actionGroupName: 'ag-${resourceToken}'
    retentionInDays: logRetentionInDays
    alertEmail: alertEmail
    alertWebhookUrl: alertWebhookUrl
  }
}

module storage 'modules/storage.bicep' = {
  scope: resourceGroup
  name: 'storage'
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containerNames: appContainerNames
    deploymentContainerName: deploymentContainerName
    principalId: identity.outputs.principalId
    skuName: storageSkuName
    blobSoftDeleteDays: storageSoftDeleteDays
    containerSoftDeleteDays: storageSoftDeleteDays
    versionRetentionDays: storageVersionRetentionDays
    privateNetworking: privateNetworking
    workspaceId: monitoring.outputs.workspaceId
  }
}

// Blob triggers on Flex Consumption need Event Grid: the system topic is provisioned here, the per-function event
// subscriptions by the postdeploy hook (scripts/create-blob-subscriptions.sh) once the app and its key exist.
module blobEvents 'modules/blobevents.bicep' = {
  scope: resourceGroup
  name: 'blobevents'
  params: {
    name: 'evgt-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

module keyVault 'modules/keyvault.bicep' = {
  scope: resourceGroup
  name: 'keyvault'
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    webhookSecretName: webhookSecretName
    webhookUrl: notificationWebhookUrl
    privateNetworking: privateNetworking
    workspaceId: monitoring.outputs.workspaceId
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  scope: resourceGroup
  name: 'network'
  params: {
    name: 'vnet-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
  }
}

module functionApp 'modules/functionapp.bicep' = {
  scope: resourceGroup
  name: 'functionapp'
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    hostingPlan: hostingPlan
    location: location
    tags: tags
    azdServiceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    webhookSecretUri: keyVault.outputs.webhookSecretUri
    oidcCredentialUri: '${keyVault.outputs.uri}secrets/${oidcCredentialSecretName}'
    identityClaimMappings: identityClaimMappings
    agencyClaimType: agencyClaimType
    usccClaimType: usccClaimType
    taskHubName: taskHubName
    maximumInstanceCount: maximumInstanceCount
    durableAlwaysReadyInstances: durableAlwaysReadyInstances
    workspaceId: monitoring.outputs.workspaceId
    appSubnetId: privateNetworking ? network!.outputs.appSubnetId : ''
  }
}

// Sign-in in front of every non-public route; see modules/auth.bicep and docs/deploy.md ("Sign-in").
module auth 'modules/auth.bicep' = {
  scope: resourceGroup
  name: 'auth'
  params: {
    siteName: functionApp.outputs.name
    tenantId: authTenantId
    clientId: authClientId
    oidcProviderName: oidcProviderName
    oidcWellKnownConfiguration: oidcWellKnownConfiguration
    oidcClientId: oidcClientId
    oidcCredentialSettingName: functionApp.outputs.oidcCredentialSettingName
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URI string = functionApp.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_SYSTEM_TOPIC_NAME string = blobEvents.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output WORKFLOWS_TASKHUB string = taskHubName
output WORKFLOWS_AUTH_CLIENT_ID string = authClientId
output WORKFLOWS_AUTH_REQUIRED bool = auth.outputs.requireAuthentication
