// A runtime-free ARM program (no aarch64 or armv7 mingw runtime exists in Debian): kernel32 imports called
// through __imp_ pointers and, for Sleep, through an import thunk; a pointer in .data (a DIR64 base
// relocation); unwind data in .pdata/.xdata.
__declspec(dllimport) void __stdcall ExitProcess(unsigned code);
__declspec(dllimport) void *__stdcall GetStdHandle(unsigned which);
__declspec(dllimport) int __stdcall WriteFile(void *h, const void *buf, unsigned len, unsigned *written, void *ov);
void __stdcall Sleep(unsigned ms);
extern int helper(int x);

static const char msg[] = "hello arm64\n";
int counter = 5;
int *counter_ptr = &counter;

void start(void) {
  unsigned n;
  WriteFile(GetStdHandle((unsigned)-11), msg, sizeof msg - 1, &n, 0);
  Sleep(0);
  ExitProcess(helper(*counter_ptr));
}
