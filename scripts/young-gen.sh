# Sourced by ./jwin and bench/run with the jwin command line as arguments: sets young, the young generation (-Xmn) of
# a cold jwin JVM, in MB. The data of a link live to its end, so a collection copies nearly all it finds; but a larger
# heap costs the JVM's start about 5 ms per GB (the card table is cleared), a tenth of a small link. 256 MB holds a
# link of a few thousand objects (3000 allocate about 150 MB). A command that links (link, lld-link, ld, cc, c++) and
# names many files (2000 arguments, or response files of 100 KB: about 2000 paths) gets a young generation large
# enough that links of tens of thousands of objects never collect (30000 allocate about 1.1 GB): 2 GB or an eighth
# of the memory (the machine's, or its cgroup's limit if lower), whichever is less, and at least 256 MB. The JVM
# takes a quarter of that memory for its whole heap: the young generation stays within half of it. Built-ins only
# (no process); a response file is read up to 100 KB.
young=256
case "${1:-}" in link | lld-link | ld | cc | c++) ;; *) return 0 ;; esac
_yg_size=$#
for _yg_a in "$@"; do
  [ "$_yg_size" -lt 2000 ] || break
  case "$_yg_a" in
    @*) _yg_buf=
      { read -r -d '' -N 102400 _yg_buf <"${_yg_a#@}"; } 2>/dev/null || true # false at the end of the file
      [ "${#_yg_buf}" -lt 102400 ] || _yg_size=2000
      _yg_buf= ;;
  esac
done
unset _yg_a _yg_buf
[ "$_yg_size" -ge 2000 ] || { unset _yg_size; return 0; }
unset _yg_size
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
