/* memcpy for freestanding programs (UEFI applications, -ffreestanding -nostdlib), which have no C
   library; compilers call it for struct copies and array initializers. Part of jwin. */
#include <stddef.h>

void *memcpy(void *restrict dest, const void *restrict src, size_t n) {
  unsigned char *d = dest;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dest;
}
