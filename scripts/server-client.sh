# Sourced by ./jwin for `jwin cc`, `c++`, `ld` and `link`: hands the command to a running `jwin server` (a warm JVM,
# dev.jwin.cli.Server) and exits with its answer; returns when there is no server or it declines, and Java then runs
# the command in this process as always. With no server running, one is started in the background for the next
# commands. Shell built-ins only on the way to the server: each extra process costs milliseconds.
# The request: NUL-terminated fields over /dev/tcp (see Server.java); the answer: exit code, stdout, stderr.
[ "${JWIN_SERVER:-}" != off ] || return 0
_js_dir=${JWIN_SERVER_DIR:-${XDG_RUNTIME_DIR:-/tmp}/jwin-server-$UID}
_js_info=$_js_dir/${jar//\//_}
if [ -O "$_js_dir" ] && [ -f "$_js_info" ] && [ ! "$jar" -nt "$_js_info" ] && read -r _js_port _js_token _js_pid <"$_js_info" \
    && { exec {_js_fd}<>"/dev/tcp/127.0.0.1/$_js_port"; } 2>/dev/null; then
  # Every exported variable, as the command would see it in a process of its own.
  _js_env=()
  for _js_n in ${!A@} ${!B@} ${!C@} ${!D@} ${!E@} ${!F@} ${!G@} ${!H@} ${!I@} ${!J@} ${!K@} ${!L@} ${!M@} ${!N@} \
      ${!O@} ${!P@} ${!Q@} ${!R@} ${!S@} ${!T@} ${!U@} ${!V@} ${!W@} ${!X@} ${!Y@} ${!Z@} ${!a@} ${!b@} ${!c@} ${!d@} \
      ${!e@} ${!f@} ${!g@} ${!h@} ${!i@} ${!j@} ${!k@} ${!l@} ${!m@} ${!n@} ${!o@} ${!p@} ${!q@} ${!r@} ${!s@} ${!t@} \
      ${!u@} ${!v@} ${!w@} ${!x@} ${!y@} ${!z@} ${!_@}; do
    [ -z "${!_js_n+set}" ] || [[ ${!_js_n@a} != *x* ]] || _js_env+=("$_js_n=${!_js_n}") # exported and set
  done
  # `_` is what the command's process would get: the program bash starts.
  _js_env+=("_=$JAVA_HOME/bin/java")
  trap '' PIPE # a server gone away is a failed write, not the end of this shell
  printf '%s\0' "jwin-server 1" "$_js_token" "$jar" run "$$" "$#" "$@" "${#_js_env[@]}" "${_js_env[@]}" >&"$_js_fd" 2>/dev/null
  trap - PIPE
  if IFS= read -r -d '' -u "$_js_fd" _js_rc && [[ $_js_rc =~ ^[0-9]+$ ]] \
      && IFS= read -r -d '' -u "$_js_fd" _js_out && IFS= read -r -d '' -u "$_js_fd" _js_err; then
    [ -z "$_js_out" ] || printf '%s' "$_js_out"
    [ -z "$_js_err" ] || printf '%s' "$_js_err" >&2
    exit "$_js_rc"
  fi
  # Declined (R), a wrong token (B), an older jar (S), or the server went away: run it here.
  exec {_js_fd}>&-
  unset _js_env _js_n _js_rc _js_out _js_err _js_fd
elif [ -z "${JWIN_SERVER_NO_START:-}" ]; then
  # No server: start one for the next commands (in its own session, so a Ctrl-C of make does not stop it).
  if [ ! -d "$_js_dir" ]; then mkdir -p -m 700 "$_js_dir" 2>/dev/null || return 0; fi
  [ ! -d "$_js_info.lock" ] || find "$_js_info.lock" -maxdepth 0 -mmin +1 -exec rmdir {} + 2>/dev/null || true
  if [ -O "$_js_dir" ] && mkdir "$_js_info.lock" 2>/dev/null; then
    _js_cwd=$(mktemp -d "$_js_dir/cwd.XXXXXX") || return 0
    (cd "$_js_cwd" && exec setsid "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:AOTCache="$aot" -Xlog:aot=off \
      -Xlog:cds=off -Xlog:pagesize=off -jar "$jar" server --serve --info "$_js_info") \
      </dev/null >/dev/null 2>"$_js_dir/server.log" &
    unset _js_cwd
  fi
fi
unset _js_dir _js_info _js_port _js_token _js_pid
