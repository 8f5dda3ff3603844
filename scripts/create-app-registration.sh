#!/usr/bin/env bash
# Creates the Microsoft Entra ID app registration that App Service authentication (infra/bicep/modules/auth.bicep)
# signs users in with, and prints the client id to give azd (WORKFLOWS_AUTH_CLIENT_ID). See docs/deploy.md, "Sign-in".
#
# What it creates (single tenant, the tenant of `az login`):
#   - the application, with one app role per Role of src/Domain/Access/Role.cs (value = the role's name, exactly as
#     the app reads it from the `roles` claim), ID tokens for the sign-in redirect, the identifier URI api://<appId>,
#     security-group claims (for the Identity:ClaimMappings of groups), and the redirect URI
#     <app uri>/.auth/login/aad/callback when --app-uri is given;
#   - its service principal, with "assignment required" on: only users assigned an app role can sign in;
#   - two directory extension attributes on users, workflows_agency (division code, e.g. 411100) and workflows_uscc
#     (the USCC of an enterprise or project owner), and a claims-mapping policy that puts them into the tokens as the
#     claims workflows_agency and workflows_uscc (api.acceptMappedClaims = true, as single-tenant apps may).
# Re-running with the same --name reuses the application and skips what already exists.
#
# Needs: az (logged in with rights to create applications and policies: Application Administrator and, for the
# claims-mapping policy, Policy.ReadWrite.ApplicationConfiguration), python3.
#
# Usage: scripts/create-app-registration.sh [--name Workflows] [--app-uri https://func-xxx.azurewebsites.net] [--dry-run]
#   --dry-run  prints the app roles and the claims-mapping policy as JSON and calls nothing.
#   --help     prints this header.
set -euo pipefail

# Value|中文名 / English name|description. Keep in step with src/Domain/Access/Role.cs (the infra tests compare them).
readonly role_specs=(
  "RegistrationOfficer|登记机关经办人 / Registration officer|Registers, refuses and requests corrections (Decree 746 Arts. 19-20)."
  "AuthorityHead|登记机关负责人 / Authority head|Approves extensions (Art. 19) and receives escalations."
  "Enterprise|企业或代理人 / Enterprise or agent|Files, resubmits, uploads and applies for its own cases (needs workflows_uscc)."
  "ObjectingParty|异议人 / Objecting party|Objects during a public-notice window (Art. 33)."
  "IntellectualPropertyOffice|市知识产权局（市长专利奖评审委员会办公室） / Intellectual property office (award committee office)|Runs the mayor's patent award rounds and applications (漯政〔2021〕22号 第六条)."
  "AffectedParty|利害关系人 / Affected party|Applies for revocation of a fraudulent registration (Art. 40)."
  "ProjectOwner|项目单位 / Project owner|Owner of a coal-using project (needs workflows_uscc)."
  "MunicipalDrc|市发展改革委 / Municipal DRC|Municipal development and reform commission, energy office."
  "ProvincialDrc|省发展改革委 / Provincial DRC|Provincial development and reform commission."
  "CountyOffice|县（区）节能主管部门 / County energy office|County energy-saving office."
  "Supervisor|电子监察 / Supervision|Reads every case of its jurisdiction (e-supervision), never acts; verifies the audit chain."
  "Administrator|系统管理员 / Administrator|Calendars and configuration."
)
readonly extension_attributes=(workflows_agency workflows_uscc)
readonly graph="https://graph.microsoft.com/v1.0"

usage() { sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

name="Workflows"
app_uri=""
dry_run=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --name) name="${2:?--name needs a value}"; shift 2 ;;
    --app-uri) app_uri="${2:?--app-uri needs a value}"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --help | -h) usage; exit 0 ;;
    *) echo "create-app-registration: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
app_uri="${app_uri%/}"

# The app roles as Microsoft Graph wants them (fresh ids; ids of an existing application are never changed).
app_roles_json() {
  python3 - "${role_specs[@]}" <<'PY'
import json, sys, uuid
roles = []
for spec in sys.argv[1:]:
    value, display, description = spec.split("|", 2)
    roles.append({"allowedMemberTypes": ["User"], "displayName": display, "description": description,
                  "value": value, "id": str(uuid.uuid4()), "isEnabled": True})
print(json.dumps(roles, ensure_ascii=False, indent=2))
PY
}

# The claims-mapping policy body for an application id (extension attribute names carry the id without dashes).
claims_policy_json() {
  python3 - "$1" "${extension_attributes[@]}" <<'PY'
import json, sys
app_id, attributes = sys.argv[1].replace("-", ""), sys.argv[2:]
schema = [{"Source": "user", "ExtensionID": f"extension_{app_id}_{a}", "JwtClaimType": a} for a in attributes]
definition = {"ClaimsMappingPolicy": {"Version": 1, "IncludeBasicClaimSet": "true", "ClaimsSchema": schema}}
print(json.dumps({"definition": [json.dumps(definition)], "displayName": "Workflows agency and USCC claims"}))
PY
}

if [ "$dry_run" -eq 1 ]; then
  python3 - "$name" "$app_uri" "$(app_roles_json)" "$(claims_policy_json "00000000-0000-0000-0000-000000000000")" <<'PY'
import json, sys
name, app_uri, roles, policy = sys.argv[1:]
print(json.dumps({"displayName": name, "signInAudience": "AzureADMyOrg",
                  "redirectUri": f"{app_uri}/.auth/login/aad/callback" if app_uri else None,
                  "appRoles": json.loads(roles), "claimsMappingPolicy": json.loads(policy)}, ensure_ascii=False, indent=2))
PY
  exit 0
fi

command -v az > /dev/null || { echo "create-app-registration: the Azure CLI (az) is required" >&2; exit 1; }
tenant_id="$(az account show --query tenantId -o tsv)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

app_id="$(az ad app list --display-name "$name" --query "[0].appId" -o tsv)"
if [ -z "$app_id" ]; then
  app_roles_json > "$work/app-roles.json"
  create_args=(--display-name "$name" --sign-in-audience AzureADMyOrg --enable-id-token-issuance true --app-roles "@$work/app-roles.json")
  if [ -n "$app_uri" ]; then
    create_args+=(--web-redirect-uris "$app_uri/.auth/login/aad/callback")
  fi
  app_id="$(az ad app create "${create_args[@]}" --query appId -o tsv)"
  echo "created application '$name' ($app_id)"
else
  echo "reusing application '$name' ($app_id); its app roles are left as they are"
fi

object_id="$(az ad app show --id "$app_id" --query id -o tsv)"
az ad app update --id "$app_id" --identifier-uris "api://$app_id" --set groupMembershipClaims=SecurityGroup
az rest --method PATCH --uri "$graph/applications/$object_id" --headers "Content-Type=application/json" \
  --body '{"api":{"acceptMappedClaims":true}}'

if ! az ad sp show --id "$app_id" > /dev/null 2>&1; then
  az ad sp create --id "$app_id" > /dev/null
fi
sp_id="$(az ad sp show --id "$app_id" --query id -o tsv)"
az ad sp update --id "$app_id" --set appRoleAssignmentRequired=true

compact_id="${app_id//-/}"
for attribute in "${extension_attributes[@]}"; do
  existing="$(az rest --method GET --uri "$graph/applications/$object_id/extensionProperties" \
    --query "length(value[?name=='extension_${compact_id}_${attribute}'])" -o tsv)"
  if [ "$existing" = "0" ]; then
    az rest --method POST --uri "$graph/applications/$object_id/extensionProperties" --headers "Content-Type=application/json" \
      --body "{\"name\":\"$attribute\",\"dataType\":\"String\",\"targetObjects\":[\"User\"]}" > /dev/null
    echo "created user attribute extension_${compact_id}_${attribute}"
  fi
done

assigned="$(az rest --method GET --uri "$graph/servicePrincipals/$sp_id/claimsMappingPolicies" --query "length(value)" -o tsv)"
if [ "$assigned" = "0" ]; then
  claims_policy_json "$app_id" > "$work/claims-policy.json"
  policy_id="$(az rest --method POST --uri "$graph/policies/claimsMappingPolicies" --headers "Content-Type=application/json" \
    --body "@$work/claims-policy.json" --query id -o tsv)"
  az rest --method POST --uri "$graph/servicePrincipals/$sp_id/claimsMappingPolicies/\$ref" --headers "Content-Type=application/json" \
    --body "{\"@odata.id\":\"$graph/policies/claimsMappingPolicies/$policy_id\"}"
  echo "assigned claims-mapping policy $policy_id"
fi

cat <<DONE

Tenant:    $tenant_id
Client id: $app_id

Next:
  azd env set WORKFLOWS_AUTH_CLIENT_ID $app_id
  azd up        # or azd provision; then add <app uri>/.auth/login/aad/callback as a redirect URI if not given here
Give a user a role and an agency (docs/deploy.md, "Sign-in"):
  az rest --method POST --uri "$graph/users/<user-object-id>/appRoleAssignments" \\
    --body '{"principalId":"<user-object-id>","resourceId":"$sp_id","appRoleId":"<id of the app role>"}'
  az rest --method PATCH --uri "$graph/users/<user-object-id>" \\
    --body '{"extension_${compact_id}_workflows_agency":"411100"}'
DONE
