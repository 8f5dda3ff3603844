#!/usr/bin/env bash
# Creates or updates one Event Grid subscription per blob-triggered function of the deployed function app
# (azd postdeploy hook, see azure.yaml and docs/deploy.md; re-run by hand with `azd hooks run postdeploy`).
#
# Why: on Flex Consumption a blob trigger only works with the Event Grid source (Source =
# BlobTriggerSource.EventGrid). infra/bicep provisions the storage account's Event Grid system topic; this script
# subscribes each blob-triggered function to it, filtered to Microsoft.Storage.BlobCreated events under
# /blobServices/default/containers/<container>/, delivering to
#   https://<app host>/runtime/webhooks/blobs?functionName=Host.Functions.<function>&code=<blobs_extension key>.
# The subscriptions are not in Bicep because that key exists only after the code is deployed and started, and the
# template must not read keys.
#
# The (function, container) list comes from the built functions.metadata (scripts/blob-trigger-targets.py), so a new
# [BlobTrigger(..., Source = BlobTriggerSource.EventGrid)] function is picked up without editing this script.
# Idempotent: the create call is an ARM create-or-update; subscriptions this script owns (named blob-*) whose
# function no longer exists are deleted.
#
# Inputs (azd exports the environment's values to hooks; outside a hook they are read with `azd env get-value`,
# unless BLOB_SUBSCRIPTIONS_NO_AZD=1, which the infra tests set):
#   AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, AZURE_STORAGE_SYSTEM_TOPIC_NAME  (Bicep outputs)
#   AZURE_FUNCTION_APP_URI  (optional; otherwise the host name is read with az functionapp show)
#   FUNCTIONS_METADATA      (optional path; default: the newest src/Functions Release build or publish output)
#
# Usage: scripts/create-blob-subscriptions.sh [--dry-run] [--metadata path/to/functions.metadata]
#   --dry-run  prints the subscriptions it would create (key redacted) and calls neither az nor dotnet.
#   --help     prints this header.
set -euo pipefail

readonly subscription_prefix="blob-"   # must match SUBSCRIPTION_PREFIX in blob-trigger-targets.py
readonly key_attempts=12
readonly key_wait_seconds=10
readonly create_attempts=3

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dry_run=false
metadata="${FUNCTIONS_METADATA:-}"

log() { echo "create-blob-subscriptions: $*" >&2; }
fail() { log "error: $*"; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=true; shift ;;
    --metadata) [[ $# -ge 2 ]] || fail "--metadata needs a path"; metadata="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

# Value of an azd environment variable: from the process environment (azd hooks), else from azd itself.
env_value() {
  local name="$1" value="${!1:-}"
  if [[ -z "${value}" && "${BLOB_SUBSCRIPTIONS_NO_AZD:-0}" != 1 ]] && command -v azd >/dev/null 2>&1; then
    value="$(azd env get-value "${name}" 2>/dev/null || true)"
  fi
  echo "${value}"
}

require_value() {
  local value
  value="$(env_value "$1")"
  [[ -n "${value}" ]] || fail "$1 is not set (run azd provision first, or export it)"
  echo "${value}"
}

# The newest functions.metadata of a Release build or publish (azd deploy publishes Release).
find_metadata() {
  local candidates=() file
  for file in \
    "${repo_root}/src/Functions/bin/Release/net10.0/functions.metadata" \
    "${repo_root}/src/Functions/bin/Release/net10.0/publish/functions.metadata"; do
    [[ -f "${file}" ]] && candidates+=("${file}")
  done
  [[ ${#candidates[@]} -gt 0 ]] || return 1
  ls -t "${candidates[@]}" | head -n 1
}

resource_group="$(require_value AZURE_RESOURCE_GROUP)"
app_name="$(require_value AZURE_FUNCTION_APP_NAME)"
system_topic="$(require_value AZURE_STORAGE_SYSTEM_TOPIC_NAME)"
app_uri="$(env_value AZURE_FUNCTION_APP_URI)"

if [[ -z "${metadata}" ]] && ! metadata="$(find_metadata)"; then
  [[ "${dry_run}" == false ]] || fail "no functions.metadata found; build src/Functions -c Release or pass --metadata"
  log "no Release build of src/Functions found; building it to read functions.metadata"
  dotnet build "${repo_root}/src/Functions/Workflows.Functions.csproj" -c Release --nologo --verbosity quiet >&2
  metadata="$(find_metadata)" || fail "dotnet build produced no functions.metadata"
fi
[[ -f "${metadata}" ]] || fail "functions.metadata not found: ${metadata}"
log "reading blob triggers from ${metadata}"

targets="$(python3 "${repo_root}/scripts/blob-trigger-targets.py" "${metadata}")" \
  || fail "could not list the blob triggers (see the message above)"

if [[ -z "${app_uri}" ]]; then
  if [[ "${dry_run}" == true ]]; then
    app_uri="https://${app_name}.azurewebsites.net"
  else
    app_uri="https://$(az functionapp show --name "${app_name}" --resource-group "${resource_group}" \
      --query defaultHostName --output tsv)"
  fi
fi
app_uri="${app_uri%/}"

if [[ -z "${targets}" ]]; then
  log "no blob-triggered functions; nothing to subscribe"
fi

blobs_key="<blobs_extension key>"
if [[ "${dry_run}" == false && -n "${targets}" ]]; then
  # The host creates the blobs_extension system key when it first starts with an Event Grid blob trigger, which
  # can be a little after azd deploy returns: wake the app and wait for the key.
  curl --silent --output /dev/null --max-time 60 "${app_uri}/" || true
  blobs_key=""
  for ((attempt = 1; attempt <= key_attempts; attempt++)); do
    blobs_key="$(az functionapp keys list --name "${app_name}" --resource-group "${resource_group}" \
      --query systemKeys.blobs_extension --output tsv 2>/dev/null || true)"
    [[ -n "${blobs_key}" ]] && break
    log "blobs_extension key not there yet (attempt ${attempt}/${key_attempts}); waiting ${key_wait_seconds}s"
    sleep "${key_wait_seconds}"
  done
  [[ -n "${blobs_key}" ]] || fail "the app has no blobs_extension system key; is a blob trigger with Source = EventGrid deployed and the host running?"
fi

wanted=()
while read -r function_name container subscription; do
  [[ -n "${function_name}" ]] || continue
  wanted+=("${subscription}")
  subject_prefix="/blobServices/default/containers/${container}/"
  endpoint="${app_uri}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=${blobs_key}"
  if [[ "${dry_run}" == true ]]; then
    echo "subscription=${subscription} function=${function_name} container=${container} subject-begins-with=${subject_prefix} event-types=Microsoft.Storage.BlobCreated endpoint=${endpoint}"
    continue
  fi
  log "${subscription}: ${function_name} <- BlobCreated under ${subject_prefix}"
  for ((attempt = 1; ; attempt++)); do
    # Create or update (ARM PUT). Event Grid validates the webhook handshake against the running app here.
    if az eventgrid system-topic event-subscription create \
        --name "${subscription}" \
        --resource-group "${resource_group}" \
        --system-topic-name "${system_topic}" \
        --endpoint-type webhook \
        --endpoint "${endpoint}" \
        --event-delivery-schema eventgridschema \
        --included-event-types Microsoft.Storage.BlobCreated \
        --subject-begins-with "${subject_prefix}" \
        --output none; then
      break
    fi
    ((attempt < create_attempts)) || fail "could not create ${subscription} after ${create_attempts} attempts"
    log "${subscription}: attempt ${attempt} failed (webhook validation needs the host up); retrying in 20s"
    sleep 20
  done
done <<< "${targets}"

if [[ "${dry_run}" == false ]]; then
  # Remove subscriptions of blob functions that were renamed or deleted (only the blob-* names this script owns).
  existing="$(az eventgrid system-topic event-subscription list --resource-group "${resource_group}" \
    --system-topic-name "${system_topic}" --query "[].name" --output tsv)"
  while read -r name; do
    [[ "${name}" == "${subscription_prefix}"* ]] || continue
    if [[ " ${wanted[*]-} " != *" ${name} "* ]]; then
      log "${name}: no blob-triggered function uses it any more; deleting"
      az eventgrid system-topic event-subscription delete --name "${name}" --resource-group "${resource_group}" \
        --system-topic-name "${system_topic}" --yes --output none
    fi
  done <<< "${existing}"
fi

log "done: ${#wanted[@]} blob trigger subscription(s) on system topic ${system_topic}"
