# Sourced by ./jwin for `jwin cc` / `jwin c++`: a rebuild with nothing changed, answered without starting Java.
# After a successful build `jwin cc` records the files the command read and wrote (cc/UpToDate.java); with it
# it leaves a copy for this script: the command's description, the file list, and `stat` output for them. When
# the same command comes again (same directory, environment, arguments; jwin not rebuilt since) and `stat` prints
# the same and no path recorded as absent (searched before a header or library was found) exists, the outputs are
# what the command would make: exit 0. Otherwise Java runs and is told where to leave
# the record. Only built-ins and one `stat` (and `cksum` for the record's name) run here.
if [ -n "${JWIN_NO_SHELL_CHECK:-}" ]; then return 0; fi
# Verbose output and response files are Java's business; compile-only and query commands have no record.
for _ja in "$@"; do case $_ja in -v|-\#\#\#|@*|-c|-E|-S|-M|-MM|-dump*|--version|--help) return 0 ;; esac; done
_jc=${JWIN_CACHE_DIR:-}
if [ -z "$_jc" ]; then
  if [ -n "${XDG_CACHE_HOME:-}" ]; then _jc=$XDG_CACHE_HOME/jwin; else _jc=${HOME:-}/.cache/jwin; fi
fi
[[ $_jc == /* ]] || _jc=$PWD/$_jc
# The environment that matters, as in UpToDate.java's list.
printf -v JWIN_CC_SHELL_KEY '%q\x1f' "shell 3" "$PWD" "${PATH:-}" "${JWIN_MINGW_PREFIX:-}" "${JWIN_MINGW_CRT_SRC:-}" \
  "${JWIN_RUNTIME:-}" "${JWIN_THREAD_MODEL:-}" "${JWIN_MINGW_SRC:-}" "${JWIN_CLANG:-}" "${CPATH:-}" \
  "${C_INCLUDE_PATH:-}" "${CPLUS_INCLUDE_PATH:-}" "${OBJC_INCLUDE_PATH:-}" "${LIBRARY_PATH:-}" "${SOURCE_DATE_EPOCH:-}" "$@"
_jsum=$(cksum <<<"$JWIN_CC_SHELL_KEY") || return 0
JWIN_CC_SHELL_RECORD=$_jc/cc/noop-sh/${_jsum// /-}
export JWIN_CC_SHELL_KEY JWIN_CC_SHELL_RECORD
if [ -f "$JWIN_CC_SHELL_RECORD" ] && [ "$JWIN_CC_SHELL_RECORD" -nt "$jar" ] \
    && mapfile -t _jrec <"$JWIN_CC_SHELL_RECORD" && [ "${#_jrec[@]}" -gt 2 ] \
    && [ "${_jrec[0]}" = "$JWIN_CC_SHELL_KEY" ] && [[ ${_jrec[1]} =~ ^[0-9]+$ ]]; then
  _jn=${_jrec[1]}
  _jifs=$IFS; IFS=$'\n'; _jold="${_jrec[*]:$((2 + _jn)):_jn}"; IFS=$_jifs
  if _jnow=$(stat -L --printf='%s %.9Y %.9Z %i\n' -- "${_jrec[@]:2:_jn}" 2>/dev/null) && [ "$_jnow" = "$_jold" ]; then
    # The places searched in vain before a header or library was found must still be empty.
    for _ja in "${_jrec[@]:$((2 + 2 * _jn))}"; do [ ! -e "$_ja" ] || { _jn=; break; }; done
    [ -z "$_jn" ] || exit 0
  fi
fi
unset _ja _jc _jsum _jrec _jn _jifs _jold _jnow
