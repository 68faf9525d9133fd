// An i386 structured exception handled by a SafeSEH-registered handler, without any C runtime.
// The program registers `handler` on the FS:[0] chain, faults, and the handler repairs the faulting
// load (Windows reports an access violation; an emulator that runs 32-bit programs on a 64-bit-only kernel
// may report another code, so the handler knows the fault by its address); it then reads its own load configuration and reports which handlers the SafeSEH table lists
// (`handler` is declared with .safeseh, `unlisted_handler` is not). Windows refuses to call a handler
// that is missing from the table; Wine does not check, so the program checks the table itself.
#include <windows.h>

extern IMAGE_DOS_HEADER __ImageBase;
extern void *__safe_se_handler_table[];
extern BYTE __safe_se_handler_count[];

// The load configuration the loader reads; the linker fills the handler table and count.
const IMAGE_LOAD_CONFIG_DIRECTORY32 _load_config_used = {
    .Size = sizeof(IMAGE_LOAD_CONFIG_DIRECTORY32),
    .SEHandlerTable = (DWORD)__safe_se_handler_table,
    .SEHandlerCount = (DWORD)__safe_se_handler_count,
};

static int fallback = 42;

extern char guarded_insn[]; // the faulting load in guarded_load

EXCEPTION_DISPOSITION __cdecl handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx, void *dispatch) {
  (void)frame, (void)dispatch;
  if (rec->ExceptionAddress != (void *)guarded_insn) return ExceptionContinueSearch;
  ctx->Eax = (DWORD)&fallback; // the faulting instruction loads through EAX: retry it with a valid address
  return ExceptionContinueExecution;
}

EXCEPTION_DISPOSITION __cdecl unlisted_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx, void *dispatch) {
  (void)rec, (void)frame, (void)ctx, (void)dispatch;
  return ExceptionContinueSearch;
}

__asm__(".safeseh _handler");

struct registration {
  struct registration *next;
  void *handler;
};

static void print(const char *s) {
  DWORD n = 0, written;
  while (s[n]) n++;
  WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), s, n, &written, NULL);
}

static void print_num(const char *label, unsigned v) {
  char buf[16];
  int i = sizeof buf;
  buf[--i] = 0;
  buf[--i] = '\n';
  do buf[--i] = (char)('0' + v % 10); while ((v /= 10) != 0);
  print(label);
  print(buf + i);
}

static int guarded_load(volatile int *p) {
  struct registration reg;
  reg.handler = (void *)handler;
  __asm__ volatile("movl %%fs:0, %0" : "=r"(reg.next));
  __asm__ volatile("movl %0, %%fs:0" : : "r"(&reg) : "memory");
  int v;
  __asm__ volatile("_guarded_insn: movl (%1), %0" : "=a"(v) : "a"(p) : "memory");
  __asm__ volatile("movl %0, %%fs:0" : : "r"(reg.next) : "memory");
  return v;
}

static int listed(void *fn) {
  BYTE *base = (BYTE *)&__ImageBase;
  IMAGE_NT_HEADERS32 *nt = (IMAGE_NT_HEADERS32 *)(base + __ImageBase.e_lfanew);
  IMAGE_DATA_DIRECTORY d = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG];
  if (d.VirtualAddress == 0) return -1;
  IMAGE_LOAD_CONFIG_DIRECTORY32 *lc = (IMAGE_LOAD_CONFIG_DIRECTORY32 *)(base + d.VirtualAddress);
  DWORD *table = (DWORD *)lc->SEHandlerTable;
  for (DWORD i = 0; i < lc->SEHandlerCount; i++)
    if (base + table[i] == (BYTE *)fn) return 1;
  return 0;
}

void start(void) {
  int v = guarded_load((volatile int *)0);
  print_num("recovered from the access violation: ", (unsigned)v);
  print_num("handlers in the SafeSEH table: ", (unsigned)(DWORD)__safe_se_handler_count);
  print_num("handler listed: ", (unsigned)listed((void *)handler));
  print_num("unlisted_handler listed: ", (unsigned)listed((void *)unlisted_handler));
  ExitProcess(v == 42 ? 0 : 1);
}
