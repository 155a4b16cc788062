#!/usr/bin/env bash
# A real terminal screenshot of the drill CLI: a standalone cluster (scripts/local-cluster.sh), the drill run inside a
# tmux pane of a fixed size, the pane captured with its colours while the live view shows the failover and again at
# the end (the criteria table), each turned into HTML (ansi-to-html.py) and photographed by Debian's chromium.
#   docs/screenshots/capture-terminal.sh [output dir]      (needs tmux and chromium; builds what it runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-docs/screenshots}
dotnet build src/CivicTrust.Node -c Release -v quiet -nologo > /dev/null
dotnet build src/DrillRunner -c Release -v quiet -nologo > /dev/null
dir=$(mktemp -d /tmp/civictrust-terminal.XXXXXX)
session=civictrust-drill-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; scripts/local-cluster.sh down "$dir"; rm -rf "$dir"' EXIT
members=$(scripts/local-cluster.sh up "$dir" 5461 5462 5463)
sleep 5

tmux new-session -d -s "$session" -x 104 -y 34 \
  "CIVICTRUST_API_KEY=\$(cat $dir/issuer-key) dotnet src/DrillRunner/bin/Release/net10.0/DrillRunner.dll --nodes $members \
   --documents 3000 --rate 400 --restart-command 'scripts/local-cluster.sh start $dir {port}' --report $dir/report; sleep 600"

shoot() { # $1: name
  tmux capture-pane -t "$session" -e -p | python3 docs/screenshots/ansi-to-html.py "drill-runner" > "$dir/$1.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,640 \
    --screenshot="$out/$1.png" "file://$dir/$1.html" 2> /dev/null
  echo "wrote $out/$1.png"
}

# Mid-drill: the first frame after the crash whose phase is failover or recovery.
for _ in $(seq 1 600); do
  if tmux capture-pane -t "$session" -p | grep -Eq 'phase +│ (failover|recovery)'; then shoot drill-terminal-live; break; fi
  sleep 0.05
done
for _ in $(seq 1 1200); do
  if tmux capture-pane -t "$session" -p | grep -q 'report written'; then shoot drill-terminal-verdict; break; fi
  sleep 0.1
done
