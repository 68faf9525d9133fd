// __thread variables in several threads, plus a TLS callback in .CRT$XLB.
// The callback prints at process attach, which happens before main.
// expect-exit: 42
#include <stdio.h>
#include <windows.h>

static __thread int tls_counter = 100;
static __thread char tls_name[16] = "main";
static __thread long long tls_big;

static volatile LONG process_attach, thread_attach, thread_detach;

static void NTAPI tls_callback(PVOID handle, DWORD reason, PVOID reserved) {
  (void)handle; (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) {
    process_attach++;
    printf("tls callback: process attach\n");
    fflush(stdout);
  } else if (reason == DLL_THREAD_ATTACH) {
    InterlockedIncrement(&thread_attach);
  } else if (reason == DLL_THREAD_DETACH) {
    InterlockedIncrement(&thread_detach);
  }
}

__attribute__((section(".CRT$XLB"), used)) PIMAGE_TLS_CALLBACK e2e_tls_callback = tls_callback;

static DWORD WINAPI worker(LPVOID arg) {
  int id = (int)(INT_PTR)arg;
  tls_counter += id;
  snprintf(tls_name, sizeof tls_name, "worker%d", id);
  for (int i = 0; i < 1000; i++) tls_big += i;
  return (DWORD)(tls_counter * 1000 + (tls_big == 499500 ? 1 : 0));
}

int main(void) {
  printf("main: process attach seen %ld\n", (long)process_attach);
  HANDLE h[3];
  for (int i = 0; i < 3; i++) h[i] = CreateThread(NULL, 0, worker, (LPVOID)(INT_PTR)(i + 1), 0, NULL);
  WaitForMultipleObjects(3, h, TRUE, INFINITE);
  for (int i = 0; i < 3; i++) {
    DWORD code = 0;
    GetExitCodeThread(h[i], &code);
    printf("thread %d exit code %lu\n", i + 1, (unsigned long)code);
    CloseHandle(h[i]);
  }
  printf("main tls: counter=%d name=%s big=%lld\n", tls_counter, tls_name, tls_big);
  printf("thread attach >= 3: %d, thread detach >= 3: %d\n", thread_attach >= 3, thread_detach >= 3);
  return tls_counter - 58;
}
