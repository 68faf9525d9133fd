# Sourced by ./jwin and bench/run with the jwin command as argument: sets young, the young generation (-Xmn) of a cold
# jwin JVM, in MB. The data of a link live to its end, so a collection copies nearly all it finds: for a command that
# links (link, lld-link, ld, cc, c++), the young generation is made large enough that links up to tens of thousands of
# objects never collect (a 30000-object link allocates about 1.1 GB): 2 GB or an eighth of the memory (the machine's,
# or its cgroup's limit if lower), whichever is less, and at least 256 MB. The JVM takes a quarter of that memory for
# its whole heap: the young generation stays within half of it. A larger heap costs the JVM's start about 5 ms per
# GB, so other commands get 256 MB. Built-ins only (no process).
young=256
case "${1:-}" in link | lld-link | ld | cc | c++) ;; *) return 0 ;; esac
_yg_mb=0
{ read -r _ _yg_mb _ </proc/meminfo; } 2>/dev/null || _yg_mb=0
_yg_mb=$((_yg_mb / 1024))
for _yg_f in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
  { read -r _yg_lim <"$_yg_f"; } 2>/dev/null || continue
  case "$_yg_lim" in '' | *[!0-9]*) ;; *) [ $((_yg_lim >> 20)) -ge "$_yg_mb" ] || _yg_mb=$((_yg_lim >> 20)) ;; esac
done
young=$((_yg_mb / 8))
[ "$young" -le 2048 ] || young=2048
[ "$young" -ge 256 ] || young=256
unset _yg_mb _yg_f _yg_lim
