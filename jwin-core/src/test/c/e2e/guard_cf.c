// Control-flow guard (compiled with -Xclang -cfguard, linked with -guard:longjmp): indirect calls go through
// __guard_dispatch_icall_fptr, setjmp targets are listed in .gljmp$y. Debian's mingw-w64 has no guard
// support, so the program brings its own dispatch routine and load configuration (whose guard fields the
// linker fills) and then reads its own image: GUARD_CF, the guard flags, and which functions are in the
// sorted table of valid call targets.
// expect-exit: 0
#include <setjmp.h>
#include <stdio.h>
#include <windows.h>

extern IMAGE_DOS_HEADER __ImageBase;

// What indirect calls jump through: straight to the target in rax (no check; Wine installs none).
__asm__(".text\n.globl guard_dispatch\nguard_dispatch:\n  jmp *%rax\n"
        ".globl guard_check\nguard_check:\n  ret\n");
void guard_dispatch(void);
void guard_check(void);
void *__guard_dispatch_icall_fptr = (void *)guard_dispatch;
void *__guard_check_icall_fptr = (void *)guard_check;

// IMAGE_LOAD_CONFIG_DIRECTORY64 (0x118 bytes) with the guard fields relocated against the linker's symbols.
__asm__(".section .rdata,\"dr\"\n.globl _load_config_used\n.p2align 3\n_load_config_used:\n"
        "  .long 0x118\n  .fill 0x6c, 1, 0\n"
        "  .quad __guard_check_icall_fptr\n  .quad __guard_dispatch_icall_fptr\n"
        "  .quad __guard_fids_table\n  .quad __guard_fids_count\n  .long __guard_flags\n  .fill 12, 1, 0\n"
        "  .quad __guard_iat_table\n  .quad __guard_iat_count\n"
        "  .quad __guard_longjmp_table\n  .quad __guard_longjmp_count\n"
        "  .fill 0x48, 1, 0\n  .quad __guard_eh_cont_table\n  .quad __guard_eh_cont_count\n");

int twice(int x) { return 2 * x; }
int square(int x) { return x * x; }
__attribute__((noinline)) static int only_called_directly(int x) { return x + 1; }

static int (*volatile ops[])(int) = {twice, square};
static jmp_buf jump;

static int listed(const DWORD *table, ULONGLONG count, void *fn) {
  DWORD rva = (DWORD)((char *)fn - (char *)&__ImageBase);
  for (ULONGLONG i = 0; i < count; i++) if (table[i] == rva) return 1;
  return 0;
}

int main(void) {
  for (int i = 0; i < 2; i++) printf("ops[%d](7) = %d\n", i, ops[i](7));
  printf("direct: %d\n", only_called_directly(41));
  volatile int jumped = 0;
  if (setjmp(jump) == 0) {
    jumped = 1;
    longjmp(jump, 1);
  }
  printf("longjmp back: %d\n", jumped);

  IMAGE_NT_HEADERS64 *nt = (IMAGE_NT_HEADERS64 *)((char *)&__ImageBase + __ImageBase.e_lfanew);
  printf("GUARD_CF: %s\n", nt->OptionalHeader.DllCharacteristics & IMAGE_DLLCHARACTERISTICS_GUARD_CF ? "yes" : "no");
  IMAGE_DATA_DIRECTORY dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG];
  const unsigned char *lc = (const unsigned char *)&__ImageBase + dir.VirtualAddress;
  printf("load config: %lu bytes\n", (unsigned long)dir.Size);
  const DWORD *fids = *(DWORD *const *)(lc + 0x80);
  ULONGLONG nfids = *(const ULONGLONG *)(lc + 0x88);
  DWORD flags = *(const DWORD *)(lc + 0x90);
  ULONGLONG nlongjmp = *(const ULONGLONG *)(lc + 0xB8);
  printf("guard flags: 0x%lx\n", (unsigned long)flags);
  int sorted = 1;
  for (ULONGLONG i = 1; i < nfids; i++) if (fids[i - 1] >= fids[i]) sorted = 0;
  printf("call targets sorted: %s\n", sorted ? "yes" : "no");
  printf("twice listed: %d, square listed: %d, main listed: %d, twice+1 listed: %d\n",
         listed(fids, nfids, (void *)twice), listed(fids, nfids, (void *)square), listed(fids, nfids, (void *)main),
         listed(fids, nfids, (char *)twice + 1));
  printf("longjmp targets: %s\n", nlongjmp > 0 ? "some" : "none");
  fflush(stdout);
  return 0;
}
