# Sourced by ./jwin with $aot (the AOT cache of every command) and $jar set: sets aot_stale when the caches must be
# made (again): missing, older than the jar, or trained without clang-14 or mingw-w64 that are here now. The training
# (scripts/aot-training.sh) leaves out the links and compiles it cannot run without them, and names in "$aot.tools"
# what it had: a jar built before `scripts/setup` installed them would otherwise keep a cache that misses the classes
# of every real link (about a tenth slower). Built-ins only: this runs before every command.
aot_stale=
if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ]; then
  aot_stale=1
else
  _as_had=
  { read -r _as_had <"$aot.tools"; } 2>/dev/null || true
  case " $_as_had " in *" clang "*) ;; *) ! command -v "${JWIN_CLANG:-clang-14}" >/dev/null 2>&1 || aot_stale=1 ;; esac
  case " $_as_had " in *" mingw "*) ;; *) [ ! -f /usr/x86_64-w64-mingw32/lib/crt2.o ] || aot_stale=1 ;; esac
  unset _as_had
fi
