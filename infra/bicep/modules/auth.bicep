// App Service Authentication ("Easy Auth", authsettingsV2) in front of the function app: Microsoft Entra ID, and
// optionally a provincial unified identity platform over OpenID Connect. Every request needs a signed-in principal
// except the deliberately public routes; an unauthenticated API call gets 401 (no redirect). The platform then strips
// any client-sent x-ms-client-principal, writes its own and sets WEBSITE_AUTH_ENABLED=true, which is the only
// condition under which the app reads that header (src/Functions/Identity). App roles, claims and the mapping to
// role and division code: docs/deploy.md, "Sign-in".

@description('Function app (site) name.')
param siteName string

@description('Entra ID tenant that issues the tokens.')
param tenantId string

@description('Application (client) id of the app registration (scripts/create-app-registration.sh).')
param clientId string

@description('Optional provider key of an OpenID Connect identity platform (e.g. a provincial unified identity platform); empty: Entra ID only.')
param oidcProviderName string = ''

@description('Its OpenID configuration document, https://<issuer>/.well-known/openid-configuration.')
param oidcWellKnownConfiguration string = ''

@description('The client id this app has at that platform.')
param oidcClientId string = ''

@description('Name of the app setting that holds that client\'s credential (a Key Vault reference, see modules/functionapp.bicep).')
param oidcCredentialSettingName string

// Public by design: liveness, the legal calendar, identifier checks and the dashboard's static files (which hold no
// data; every /api call the dashboard makes is authenticated).
var publicPaths = [
  '/api/health'
  '/api/calendar/*'
  '/api/identifiers/*'
  '/api/dashboard'
  '/api/dashboard/*'
  // The API contract (issue 15): an integrator reads it before it has an identity.
  '/api/openapi.json'
  '/api/docs'
  '/api/docs/*'
  '/api/problems'
  '/api/problems/*'
]

var entraId = {
  azureActiveDirectory: {
    enabled: true
    registration: {
      openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
      clientId: clientId
    }
    validation: {
      allowedAudiences: [
        'api://${clientId}'
        clientId
      ]
    }
    login: {
      disableWWWAuthenticate: false
    }
  }
}

var openIdConnect = empty(oidcProviderName) ? {} : {
  customOpenIdConnectProviders: {
    '${oidcProviderName}': {
      enabled: true
      registration: {
        clientId: oidcClientId
        clientCredential: {
          clientSecretSettingName: oidcCredentialSettingName
        }
        openIdConnectConfiguration: {
          wellKnownOpenIdConfiguration: oidcWellKnownConfiguration
        }
      }
      login: {
        nameClaimType: 'name'
        scopes: [
          'openid'
          'profile'
        ]
      }
    }
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: siteName
}

resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: publicPaths
    }
    identityProviders: union(entraId, openIdConnect)
    login: {
      tokenStore: {
        enabled: true
      }
      preserveUrlFragmentsForLogins: true
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
  }
}

output requireAuthentication bool = authSettings.properties.globalValidation.requireAuthentication
