// Log Analytics workspace + workspace-based Application Insights with local (instrumentation key) auth disabled:
// telemetry is only accepted from the app identity, which gets Monitoring Metrics Publisher.
// Retention: the Cybersecurity Law (网络安全法) Art. 21 asks network logs to be kept for at least six months, so the
// workspace keeps 180 days or more. Alerts read the workspace tables that Application Insights and the diagnostic
// settings fill (AppMetrics, AppRequests, AppExceptions) and notify one action group (email and webhook).

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Action group name.')
param actionGroupName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Principal id of the app identity that publishes telemetry.')
param principalId string

@minValue(180)
@maxValue(730)
@description('Days of log retention in the workspace: at least 180 (six months, Cybersecurity Law Art. 21).')
param retentionInDays int = 180

@description('E-mail address the alerts go to (empty: no e-mail receiver).')
param alertEmail string = ''

@secure()
@description('Webhook the alerts are posted to, e.g. an operations robot (empty: no webhook receiver).')
param alertWebhookUrl string = ''

var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

// One entry per alert: the query returns rows only when the condition holds (metric names: src/Functions/Telemetry).
var alerts = [
  {
    name: 'overdue-cases-rising'
    description: '逾期案件数上升 / Overdue cases are rising'
    severity: 2
    query: '''
      AppMetrics
      | where Name == "workflows.cases.overdue"
      | summarize Overdue = max(Max) by bin(TimeGenerated, 1h)
      | order by TimeGenerated asc
      | extend Previous = prev(Overdue)
      | where isnotnull(Previous) and Overdue > Previous
      '''
  }
  {
    name: 'notification-failures'
    description: '通知发送失败 / Notifications failed to send'
    severity: 2
    query: 'AppMetrics | where Name == "workflows.notifications.failed" | summarize Failed = sum(Sum) | where Failed > 0'
  }
  {
    name: 'quarantined-files'
    description: '上传文件被隔离 / Uploaded files were quarantined'
    severity: 3
    query: 'AppMetrics | where Name == "workflows.drops.quarantined" | summarize Quarantined = sum(Sum) | where Quarantined > 0'
  }
  {
    name: 'function-failures'
    description: '函数执行失败 / Function executions failed'
    severity: 1
    query: 'AppRequests | where Success == false | summarize Failed = count() | where Failed > 0'
  }
  {
    name: 'health-503'
    description: '健康检查返回 503 / Health check answered 503'
    severity: 1
    query: 'AppRequests | where Url endswith "/api/health" and ResultCode == "503" | summarize Unhealthy = count() | where Unhealthy > 0'
  }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    RetentionInDays: retentionInDays
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: applicationInsights
  name: guid(applicationInsights.id, principalId, monitoringMetricsPublisherRoleId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'workflows'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      {
        name: 'operations-email'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
    webhookReceivers: empty(alertWebhookUrl) ? [] : [
      {
        name: 'operations-webhook'
        serviceUri: alertWebhookUrl
        useCommonAlertSchema: true
      }
    ]
  }
}

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [
  for alert in alerts: {
    name: '${applicationInsightsName}-${alert.name}'
    location: location
    tags: tags
    properties: {
      displayName: alert.name
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        workspace.id
      ]
      evaluationFrequency: 'PT15M'
      windowSize: 'PT1H'
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

// Supervision view (督办视图): open cases by light, overdue trend, decision time against the legal limit.
resource supervisionWorkbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(workspace.id, 'supervision-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: '督办视图 / Supervision view'
    category: 'workbook'
    sourceId: workspace.id
    serializedData: string({
      version: 'Notebook/1.0'
      items: [
        {
          type: 3
          content: {
            version: 'KqlItem/1.0'
            title: '各灯色在办案件 / Open cases per light'
            query: '''
              AppMetrics
              | where Name == "workflows.cases.open"
              | extend Light = tostring(Properties.light)
              | summarize Open = max(Max) by Light, bin(TimeGenerated, 1h)
              | render timechart
              '''
            queryType: 0
            resourceType: 'microsoft.operationalinsights/workspaces'
          }
        }
        {
          type: 3
          content: {
            version: 'KqlItem/1.0'
            title: '逾期案件 / Overdue cases'
            query: '''
              AppMetrics
              | where Name == "workflows.cases.overdue"
              | summarize Overdue = max(Max) by bin(TimeGenerated, 1h)
              | render timechart
              '''
            queryType: 0
            resourceType: 'microsoft.operationalinsights/workspaces'
          }
        }
        {
          type: 3
          content: {
            version: 'KqlItem/1.0'
            title: '办理用时占法定时限比例 / Decision time against the legal limit'
            query: '''
              AppMetrics
              | where Name == "workflows.cases.decision_time_ratio"
              | extend Procedure = tostring(Properties.procedure)
              | summarize Ratio = sum(Sum) / sum(ItemCount) by Procedure
              '''
            queryType: 0
            resourceType: 'microsoft.operationalinsights/workspaces'
          }
        }
      ]
    })
  }
}

output applicationInsightsName string = applicationInsights.name
// The connection string identifies the component (instrumentation key + ingestion endpoint); with DisableLocalAuth it
// grants nothing on its own, so it is not a secret.
output connectionString string = applicationInsights.properties.ConnectionString
output logAnalyticsName string = workspace.name
output workspaceId string = workspace.id
output actionGroupId string = actionGroup.id
