#!/usr/bin/env bash
# Installs the Bicep CLI into the repository-local, git-ignored folder .local/bicep and prints the binary's path.
#
# The only source is the NuGet package Azure.Bicep.CommandLine.linux-x64 (the binary ships under its tools/ folder):
# a throwaway project with a <PackageDownload> is restored into .local/bicep/packages. Nothing else is downloaded.
# Idempotent: when the binary of the pinned version is already there, it only prints the path.
#
# Usage: scripts/install-bicep.sh            -> prints e.g. /repo/.local/bicep/packages/.../tools/bicep
#        BICEP_VERSION=0.49.2 scripts/install-bicep.sh
set -euo pipefail

readonly package_id="Azure.Bicep.CommandLine.linux-x64"
readonly version="${BICEP_VERSION:-0.49.2}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
install_root="${repo_root}/.local/bicep"
packages_dir="${install_root}/packages"
# NuGet lays packages out as <lower-case id>/<version>/.
package_dir="${packages_dir}/$(echo "${package_id}" | tr '[:upper:]' '[:lower:]')/${version}"

find_binary() {
  [[ -d "${package_dir}/tools" ]] || return 1
  find "${package_dir}/tools" -type f -name bicep -print -quit
}

if binary="$(find_binary)" && [[ -n "${binary}" ]]; then
  [[ -x "${binary}" ]] || chmod +x "${binary}"
  echo "${binary}"
  exit 0
fi

if [[ "$(uname -s)" != "Linux" || "$(uname -m)" != "x86_64" ]]; then
  echo "install-bicep.sh: the ${package_id} package only serves Linux x64; this is $(uname -s) $(uname -m)." >&2
  exit 1
fi

restore_dir="${install_root}/restore"
mkdir -p "${restore_dir}" "${packages_dir}"

# Empty Directory.* files stop MSBuild from importing the repository's props (central package management, analyzers).
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo '<Project />' > "${restore_dir}/${f}"
done
cat > "${restore_dir}/BicepDownload.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="${package_id}" Version="[${version}]" />
  </ItemGroup>
</Project>
CSPROJ

if ! dotnet restore "${restore_dir}/BicepDownload.csproj" --packages "${packages_dir}" --nologo --verbosity quiet >&2; then
  echo "install-bicep.sh: restoring ${package_id} ${version} failed." >&2
  exit 1
fi

if ! binary="$(find_binary)" || [[ -z "${binary}" ]]; then
  echo "install-bicep.sh: ${package_id} ${version} restored, but no tools/**/bicep binary was found under ${package_dir}." >&2
  exit 1
fi
chmod +x "${binary}"
echo "${binary}"
