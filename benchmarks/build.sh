#!/usr/bin/env bash
# Sourced by the benchmark scripts (run.sh, million.sh, resolver.sh, pools.sh, observability.sh): builds the server in Release into $out/server and sets $commit.
# Needs $repo, $out and $work. SOURCE=head (default) builds the committed HEAD from a `git archive`
# copy, so edits others have in progress in src/ are not measured; SOURCE=tree builds the working
# tree. SKIP_BUILD=1 reuses $out/server when it exists.
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
source_dir="$repo"
if [[ "${SOURCE:-head}" == head ]]; then
    source_dir="$work/src-head"
    mkdir -p "$source_dir"
    git -C "$repo" archive HEAD | tar -x -C "$source_dir"
elif [[ -n "$(git -C "$repo" status --porcelain -- src 2>/dev/null)" ]]; then
    commit="$commit + uncommitted changes in src/"
fi
if [[ "${SKIP_BUILD:-0}" != 1 || ! -x "$out/server/dnsserver" ]]; then
    echo "building the server (Release, ${SOURCE:-head}) into $out/server"
    rm -rf "$out/server"
    dotnet publish "$source_dir/src/DnsServer" -c Release -o "$out/server" -v quiet -nologo \
        >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
    echo "$commit" >"$out/server/BUILT_FROM"
fi
commit="$(cat "$out/server/BUILT_FROM" 2>/dev/null || echo "$commit")"
