# Sourced by the project's scripts (`. scripts/use-node.sh`): puts the project's Node.js (24, see
# provision-node.sh) first on PATH, so that npm, node-gyp, tsc, jest and the app processes all run on it.
_cascade_node_bin=$(bash "$(dirname "${BASH_SOURCE[0]}")/provision-node.sh" | tail -n 1)
[ -n "$_cascade_node_bin" ] || { echo "[use-node] ERROR: no Node.js" >&2; exit 1; }
case ":$PATH:" in
  "$_cascade_node_bin:"*) ;;
  *) export PATH="$_cascade_node_bin:$PATH" ;;
esac
# A registry build carries its headers: native modules compile against them, not against a download.
if [ -d "$_cascade_node_bin/../include/node" ]; then
  npm_config_nodedir=$(cd "$_cascade_node_bin/.." && pwd)
  export npm_config_nodedir
fi
unset _cascade_node_bin
