# /guard:cf on i386: a direct call (REL32) does not make a function a valid call target, an absolute
# address does (g2, not g1); the entry point is one.
# TRIPLE: i686-pc-windows-msvc
# LINK: /entry:start /subsystem:console /guard:cf /safeseh:no
# DUMP: --coff-load-config
# CHECK: GuardCFFunctionCount: 2
# CHECK-NEXT: GuardFlags: 0x500
# CHECK: GuardFidTable [
# CHECK-NEXT: 0x401000
# CHECK-NEXT: 0x40100C
# CHECK-NEXT: ]
.text
.def _start; .scl 2; .type 32; .endef
.globl _start
_start:
  call _g1
  movl $_g2, %eax
  ret
.def _g1; .scl 2; .type 32; .endef
.globl _g1
_g1: ret
.def _g2; .scl 2; .type 32; .endef
.globl _g2
_g2: ret
# The load configuration (IMAGE_LOAD_CONFIG_DIRECTORY32 up to GuardFlags).
.section .rdata,"dr"
.globl __load_config_used
.p2align 2
__load_config_used:
  .long 0x5c
  .fill 0x44, 1, 0
  .long ___guard_check_icall_fptr
  .long 0
  .long ___guard_fids_table
  .long ___guard_fids_count
  .long ___guard_flags
.data
.globl ___guard_check_icall_fptr
___guard_check_icall_fptr: .long 0
