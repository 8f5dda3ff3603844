// Function App on the Flex Consumption plan (FC1, Linux), or on Elastic Premium (EP1, Linux) where Flex Consumption
// is not offered (a region or a sovereign cloud), .NET 10 isolated worker, running as the user-assigned identity.
// Every app setting is identity-based or a Key Vault reference: no connection string with a key, no secret.

@description('Function App name (globally unique host name).')
param name string

@description('Plan name (Flex Consumption or Elastic Premium).')
param planName string

@description('FlexConsumption (FC1, the default) or ElasticPremium (EP1): for a region or cloud without Flex Consumption.')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = 'FlexConsumption'

@description('Azure region.')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags object

@description('azd service name in azure.yaml that deploys to this app.')
param azdServiceName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of the user-assigned identity (selects it for storage and App Insights auth).')
param identityClientId string

@description('Storage account used by the host, the durable task hub and the app.')
param storageAccountName string

@description('Blob endpoint of that account, as the account reports it (its suffix comes from environment() of the cloud).')
param storageBlobEndpoint string

@description('Container that holds the deployment package.')
param deploymentContainerName string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Versionless Key Vault secret URI of the notification webhook URL.')
param webhookSecretUri string

@description('Versionless Key Vault secret URI of the provincial identity platform\'s client credential (used only when that OpenID Connect provider is configured).')
param oidcCredentialUri string

@description('Claim mapping (JSON array of {claimType, claimValue, role, agency}): Entra groups or other claims granting a role and division code.')
param identityClaimMappings string = '[]'

@description('Claim carrying the agency division code.')
param agencyClaimType string = 'workflows_agency'

@description('Claim carrying an enterprise\'s or project owner\'s USCC.')
param usccClaimType string = 'workflows_uscc'

@description('Durable task hub name (host.json reads %WORKFLOWS_TASKHUB%).')
param taskHubName string

@description('Upper bound on scale-out; also caps the cost of a runaway trigger.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB (2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the durable group (orchestrators, entities, activities). 1 keeps the task hub polled without cold starts.')
@minValue(0)
param durableAlwaysReadyInstances int = 1

@description('Log Analytics workspace the diagnostic settings send to.')
param workspaceId string

@description('Subnet the app integrates with (private networking); empty: no VNet integration.')
param appSubnetId string = ''

// The app setting (in appSettings below) the OpenID Connect provider's credential lives in; auth.bicep gets this name.
var oidcCredentialSettingName = 'PROVINCIAL_OIDC_CLIENT_SECRET'

var flex = hostingPlan == 'FlexConsumption'

// Spelled out (not a loop) so that the compiled template lists every setting name for the infra tests. Both plans
// get these; Elastic Premium adds the runtime settings Flex Consumption takes from functionAppConfig (and refuses).
var appSettings = [
  // Identity-based host storage: the host builds the blob/queue/table endpoints from the account name.
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: applicationInsightsConnectionString
  }
  // Entra ID auth for telemetry (the component has local auth disabled).
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  {
    name: 'WORKFLOWS_TASKHUB'
    value: taskHubName
  }
  // Resolved by the platform with keyVaultReferenceIdentity; the code sees the plain URL.
  {
    name: 'WORKFLOWS_NOTIFICATION_WEBHOOK_URL'
    value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
  }
  // Who a signed-in user is (src/Functions/Identity): app roles, plus this mapping and these claim names.
  {
    name: 'Identity__ClaimMappingsJson'
    value: identityClaimMappings
  }
  {
    name: 'Identity__AgencyClaimType'
    value: agencyClaimType
  }
  {
    name: 'Identity__UsccClaimType'
    value: usccClaimType
  }
  // Read by App Service authentication (modules/auth.bicep) for the optional OpenID Connect provider.
  {
    name: 'PROVINCIAL_OIDC_CLIENT_SECRET'
    value: '@Microsoft.KeyVault(SecretUri=${oidcCredentialUri})'
  }
]

// Elastic Premium without Azure Files (its content share takes only an account key): the package azd deploys runs
// from the app's own storage, and the worker runtime is named here instead of in functionAppConfig.
var premiumSettings = [
  {
    name: 'FUNCTIONS_EXTENSION_VERSION'
    value: '~4'
  }
  {
    name: 'FUNCTIONS_WORKER_RUNTIME'
    value: 'dotnet-isolated'
  }
  {
    name: 'WEBSITE_RUN_FROM_PACKAGE'
    value: '1'
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = if (flex) {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = if (flex) {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    // Private networking: outbound calls (storage, Key Vault) go through the VNet and its private endpoints.
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      vnetRouteAllEnabled: !empty(appSubnetId)
      appSettings: appSettings
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: [
          {
            name: 'durable'
            instanceCount: durableAlwaysReadyInstances
          }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource premiumPlan 'Microsoft.Web/serverfarms@2024-11-01' = if (!flex) {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: min(maximumInstanceCount, 100)
  }
}

resource premiumSite 'Microsoft.Web/sites@2024-11-01' = if (!flex) {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: premiumPlan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      vnetRouteAllEnabled: !empty(appSubnetId)
      // The durable group's always-ready instances become the plan's pre-warmed minimum.
      minimumElasticInstanceCount: max(durableAlwaysReadyInstances, 1)
      functionAppScaleLimit: maximumInstanceCount
      appSettings: concat(appSettings, premiumSettings)
    }
  }
}

// The app on whichever plan was chosen, for the settings below and the outputs.
resource app 'Microsoft.Web/sites@2024-11-01' existing = {
  name: name
}

// No basic-auth publishing credentials: azd deploys with an Entra ID token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
  dependsOn: [
    site
    premiumSite
  ]
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
  dependsOn: [
    site
    premiumSite
  ]
}

// Function execution logs and host metrics to Log Analytics (>= 180 days, Cybersecurity Law Art. 21).
resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: app
  name: 'to-log-analytics'
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
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
  dependsOn: [
    site
    premiumSite
  ]
}

output name string = app.name
output oidcCredentialSettingName string = oidcCredentialSettingName
output uri string = 'https://${app.properties.defaultHostName}'
