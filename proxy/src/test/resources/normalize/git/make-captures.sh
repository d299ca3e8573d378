#!/usr/bin/env bash
# Regenerates the git-receive-pack request bodies used by the git push tests: real `git push`
# runs over smart HTTP against a loopback server that records each body (capture-server.py).
# Fixed identities and dates keep object ids stable across runs. Writes <name>.bin (the body as
# the proxy inspects it, content-decoded), <name>.headers and <name>.json (expected ref updates).
# git 2.39 sends receive-pack bodies uncompressed (it gzips only upload-pack requests); the
# server decodes Content-Encoding anyway so a gzip-sending client would be captured decoded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export GIT_CONFIG_NOSYSTEM=1 HOME=$work/home GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com
export GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
mkdir -p "$work/home" "$work/srv" "$work/cap"
git config --global init.defaultBranch main
git config --global protocol.version 0

clock=1700000000
commit() { # commit <file> <content> <message>; advances the fixed clock by a minute
  clock=$((clock + 60))
  printf '%s\n' "$2" >"$1"
  git add "$1"
  GIT_AUTHOR_DATE="@$clock +0000" GIT_COMMITTER_DATE="@$clock +0000" git commit -q -m "$3"
}
amend() {
  clock=$((clock + 60))
  GIT_AUTHOR_DATE="@$clock +0000" GIT_COMMITTER_DATE="@$clock +0000" git commit -q --amend -m "$1"
}

git init -q --bare "$work/srv/repo.git"
git -C "$work/srv/repo.git" config http.receivepack true
python3 "$here/capture-server.py" "$work/port" "$work/srv" "$work/cap" &
server_pid=$!
for _ in $(seq 50); do [[ -s $work/port ]] && break; sleep 0.1; done
url="http://127.0.0.1:$(cat "$work/port")/repo.git"

# capture <name> <git push args...>: pushes, then stores the recorded body and the expected
# ref updates (old new ref force) read back from the server, so the sidecar is ground truth.
capture() {
  local name=$1 expected=$2; shift 2
  rm -f "$work/cap/next.bin"
  git push -q "$@" 2>/dev/null
  cp "$work/cap/next.bin" "$here/$name.bin"
  grep -v -e '^host:' -e '^user-agent:' "$work/cap/next.headers" >"$here/$name.headers"
  printf '%s\n' "$expected" >"$here/$name.json"
}
ref_json() { # ref_json <old> <new> <ref> <force>
  printf '{"old": "%s", "new": "%s", "ref": "%s", "force_push": "%s"}' "$1" "$2" "$3" "$4"
}
zero=0000000000000000000000000000000000000000
rev() { git rev-parse "$1"; }

git init -q "$work/client" && cd "$work/client"
git remote add origin "$url"
commit a.txt one "first"
commit a.txt two "second"
capture create-branch "{\"updates\": [$(ref_json $zero "$(rev main)" refs/heads/main FALSE)]}" origin main

old=$(rev main)
commit b.txt three "third"
commit b.txt four "fourth"
capture fast-forward "{\"updates\": [$(ref_json "$old" "$(rev main)" refs/heads/main FALSE)]}" origin main

old=$(rev main)
amend "fourth, reworded"
capture force-amend "{\"updates\": [$(ref_json "$old" "$(rev main)" refs/heads/main TRUE)]}" --force origin main

old=$(rev main)
git checkout -q --orphan rewrite
git rm -q -rf .
commit c.txt unrelated "unrelated root"
commit c.txt unrelated2 "unrelated second"
capture force-unrelated "{\"updates\": [$(ref_json "$old" "$(rev rewrite)" refs/heads/main TRUE)]}" --force origin rewrite:main
git checkout -q -B main rewrite

git branch feature
capture create-existing-commit "{\"updates\": [$(ref_json $zero "$(rev feature)" refs/heads/feature FALSE)]}" origin feature

capture delete-branch "{\"updates\": [$(ref_json "$(rev feature)" $zero refs/heads/feature FALSE)]}" origin :feature

old=$(rev main)
commit d.txt five "fifth"
git checkout -q -b topic
commit e.txt six "sixth"
capture two-updates "{\"updates\": [$(ref_json "$old" "$(rev main)" refs/heads/main FALSE), $(ref_json $zero "$(rev topic)" refs/heads/topic FALSE)]}" origin main topic
git checkout -q main

# Commits with long, nearly identical messages make pack-objects store some commits as deltas.
old=$(rev main)
body=$(for i in $(seq 200); do echo "release note line $i: the same long text that repeats"; done)
for n in 1 2 3 4; do commit f.txt "$n" "release $n

$body"; done
capture fast-forward-deltas "{\"updates\": [$(ref_json "$old" "$(rev main)" refs/heads/main FALSE)]}" origin main
