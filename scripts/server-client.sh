# Sourced by ./jwin for `jwin cc`, `c++`, `ld` and `link`: hands the command to a running `jwin server` (a warm JVM,
# dev.jwin.cli.Server) and exits with its answer; returns when there is no server or it declines, and Java then runs
# the command in this process as always. With no server running, one is started in the background for the next
# commands. Shell built-ins only on the way to the server: each extra process costs milliseconds.
# The request: NUL-terminated fields over /dev/tcp (see Server.java); the answer: exit code, stdout, stderr; or, on a
# cache miss, clang's command line for this shell to run, then the answer. No answer within JWIN_SERVER_TIMEOUT
# seconds (default 5; the server sends a heartbeat four times a second while it works): the command runs here.
[ "${JWIN_SERVER:-}" != off ] || return 0
_js_dir=${JWIN_SERVER_DIR:-${XDG_RUNTIME_DIR:-/tmp}/jwin-server-$UID}
_js_info=$_js_dir/${jar//\//_}
if [ -O "$_js_dir" ] && [ -f "$_js_info" ] && [ ! "$jar" -nt "$_js_info" ] && read -r _js_port _js_token _js_pid <"$_js_info" \
    && { exec {_js_fd}<>"/dev/tcp/127.0.0.1/$_js_port"; } 2>/dev/null; then
  # Every exported variable, as the command would see it in a process of its own: the environment this shell was
  # started with (one read), then, last (they win), each variable bash, jwin-cc, ./jwin and the scripts it reads set
  # on the way here, as it is now (a name alone: not exported, not set, or an array, which bash does not pass on).
  _js_env=()
  mapfile -d '' -t _js_env </proc/$$/environ 2>/dev/null || true
  for _js_n in PWD OLDPWD SHLVL JAVA_HOME JWIN_CC_SHELL_KEY JWIN_CC_SHELL_RECORD self root jar stale f aot tmp java \
      cache args train train_link links _jt _jt_ok _jt_clang _ja _jc _jsum _jrec _jn _jifs _jold _jnow _js_dir \
      _js_info _js_port _js_token _js_pid _js_fd; do
    if [ -n "${!_js_n+set}" ] && [[ ${!_js_n@a} == *x* && ${!_js_n@a} != *[aA]* ]]; then
      _js_env+=("$_js_n=${!_js_n}")
    else
      _js_env+=("$_js_n")
    fi
  done
  # `_` is what the command's process would get: the program bash starts.
  _js_env+=("_=$JAVA_HOME/bin/java")
  # One field of the answer into _js_f, skipping heartbeats (H: the server is still at work); false after
  # JWIN_SERVER_TIMEOUT seconds of silence (a stopped or hung server) or at the end of the connection. The server
  # does not start a request older than half that (its client has run it itself).
  _js_t=${JWIN_SERVER_TIMEOUT:-5}
  trap '' PIPE # a server gone away is a failed write, not the end of this shell
  printf '%s\0' "jwin-server 2" "$_js_token" "$jar" run "$$" "$EPOCHREALTIME" "$_js_t" "$#" "$@" "${#_js_env[@]}" \
    "${_js_env[@]}" >&"$_js_fd" 2>/dev/null
  trap - PIPE
  _js_next() { while IFS= read -r -d '' -t "$_js_t" -u "$_js_fd" _js_f; do [ "$_js_f" = H ] || return 0; done; return 1; }
  _js_cmd=()
  _js_next || _js_f=
  if [ "$_js_f" = X ]; then
    _js_next && _js_out=$_js_f && _js_next && _js_err=$_js_f && _js_next && mapfile -d '' -t _js_cmd <"$_js_f" \
      && [ "${#_js_cmd[@]}" -gt 0 ] || _js_cmd=()
    _js_f=
  fi
  if [ "${#_js_cmd[@]}" -gt 0 ]; then
    # A cache miss: clang runs here (cheaper than from the JVM), as it would there: standard input closed, its
    # output to standard error; the server makes the rest of the command once it has clang's exit code.
    [ -z "$_js_out" ] || printf '%s' "$_js_out"
    [ -z "$_js_err" ] || printf '%s' "$_js_err" >&2
    _js_rc=127 # not found: the server runs it and says why it cannot
    if [[ ${_js_cmd[0]} == */* ]] && [ -x "${_js_cmd[0]}" ] || hash -- "${_js_cmd[0]}" 2>/dev/null; then
      "${_js_cmd[@]}" </dev/null >&2 && _js_rc=0 || _js_rc=$?
    fi
    trap '' PIPE
    printf '%s\0' "$_js_rc" >&"$_js_fd" 2>/dev/null
    trap - PIPE
    _js_next || _js_f=
  fi
  if [[ $_js_f =~ ^[0-9]+$ ]] && _js_rc=$_js_f && _js_next && _js_out=$_js_f && _js_next && _js_err=$_js_f; then
    [ -z "$_js_out" ] || printf '%s' "$_js_out"
    [ -z "$_js_err" ] || printf '%s' "$_js_err" >&2
    exit "$_js_rc"
  fi
  # Declined (R), a wrong token (B), an older jar (S), or the server went away or fell silent: run it here.
  exec {_js_fd}>&-
  unset -f _js_next
  unset _js_env _js_n _js_rc _js_out _js_err _js_fd _js_f _js_t _js_cmd
elif [ -z "${JWIN_SERVER_NO_START:-}" ]; then
  # No server: start one for the next commands (in its own session, so a Ctrl-C of make does not stop it).
  if [ ! -d "$_js_dir" ]; then mkdir -p -m 700 "$_js_dir" 2>/dev/null || return 0; fi
  [ ! -d "$_js_info.lock" ] || find "$_js_info.lock" -maxdepth 0 -mmin +1 -exec rmdir {} + 2>/dev/null || true
  if [ -O "$_js_dir" ] && mkdir "$_js_info.lock" 2>/dev/null; then
    _js_cwd=$(mktemp -d "$_js_dir/cwd.XXXXXX") || return 0
    # C1 only: a request is mostly system calls, and C2's compiles cost more CPU than its code saves over hundreds.
    # A young generation a link does not fill, as for links of their own: with the default sizing a warm
    # 3000-object link collected several times and took 0.89 s, against 0.34 s.
    (cd "$_js_cwd" && exec setsid "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmn512m -XX:TieredStopAtLevel=1 \
      -XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off -Xlog:pagesize=off -cp "$jar" dev.jwin.cli.Main server --serve \
      --info "$_js_info") \
      </dev/null >/dev/null 2>"$_js_dir/server.log" &
    unset _js_cwd
  fi
fi
unset _js_dir _js_info _js_port _js_token _js_pid
