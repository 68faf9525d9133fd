// Linked against autodll.dll (dll_auto.c, every symbol exported automatically) through its import
// library: calls its functions and uses its data through mingw auto-import (no dllimport).
// expect-exit: 0
#include <stdio.h>

extern int auto_data;
extern const int auto_const;
extern char auto_array[32];
extern int (*auto_fnptr)(int);
int auto_func(int x);
int auto_calls_static(int x);

int main(void) {
  printf("auto_func(1) = %d\n", auto_func(1));
  auto_data = 10;
  printf("auto_data = %d, auto_func(1) = %d\n", auto_data, auto_func(1));
  printf("auto_const = %d\n", auto_const);
  printf("auto_array = %s\n", auto_array);
  printf("auto_calls_static(4) = %d\n", auto_calls_static(4));
  printf("auto_fnptr(5) = %d\n", auto_fnptr(5));
  return 0;
}
