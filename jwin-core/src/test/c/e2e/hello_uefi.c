/* A UEFI application: prints through ConOut, then powers the machine off with ResetSystem. The local
   arrays make clang call memcpy and memset, which a freestanding program gets only from its toolchain. */
typedef unsigned short CHAR16;
typedef unsigned long long UINT64;
typedef unsigned int UINT32;
typedef UINT64 UINTN;
typedef UINTN EFI_STATUS;
typedef void *EFI_HANDLE;

typedef struct {
  UINT64 Signature;
  UINT32 Revision, HeaderSize, CRC32, Reserved;
} EFI_TABLE_HEADER;

typedef struct SIMPLE_TEXT_OUTPUT {
  EFI_STATUS (*Reset)(struct SIMPLE_TEXT_OUTPUT *self, unsigned char extended);
  EFI_STATUS (*OutputString)(struct SIMPLE_TEXT_OUTPUT *self, const CHAR16 *text);
} SIMPLE_TEXT_OUTPUT;

typedef struct {
  EFI_TABLE_HEADER Hdr;
  void *GetTime, *SetTime, *GetWakeupTime, *SetWakeupTime, *SetVirtualAddressMap, *ConvertPointer;
  void *GetVariable, *GetNextVariableName, *SetVariable, *GetNextHighMonotonicCount;
  void (*ResetSystem)(int type, EFI_STATUS status, UINTN size, void *data);
} EFI_RUNTIME_SERVICES;

typedef struct {
  EFI_TABLE_HEADER Hdr;
  CHAR16 *FirmwareVendor;
  UINT32 FirmwareRevision;
  EFI_HANDLE ConsoleInHandle;
  void *ConIn;
  EFI_HANDLE ConsoleOutHandle;
  SIMPLE_TEXT_OUTPUT *ConOut;
  EFI_HANDLE StandardErrorHandle;
  SIMPLE_TEXT_OUTPUT *StdErr;
  EFI_RUNTIME_SERVICES *RuntimeServices;
  void *BootServices;
} EFI_SYSTEM_TABLE;

enum { EfiResetCold, EfiResetWarm, EfiResetShutdown };

struct line { CHAR16 text[40]; int n; };

static void put(SIMPLE_TEXT_OUTPUT *out, const CHAR16 *s) { out->OutputString(out, s); }

static void put_number(SIMPLE_TEXT_OUTPUT *out, UINT64 v) {
  CHAR16 digits[24];
  int i = 23;
  digits[i] = 0;
  do {
    digits[--i] = (CHAR16)(u'0' + v % 10);
    v /= 10;
  } while (v);
  put(out, digits + i);
}

EFI_STATUS EfiMain(EFI_HANDLE image, EFI_SYSTEM_TABLE *st) {
  (void)image;
  SIMPLE_TEXT_OUTPUT *out = st->ConOut;
  CHAR16 greeting[] = u"jwin uefi: hello from a freestanding program linked by jwin, "
                      u"with memcpy and memset from jwin's runtime\r\n";
  put(out, greeting);
  struct line lines[3] = {{u"first line\r\n", 1}, {u"second line\r\n", 2}, {u"third line\r\n", 3}};
  UINT64 counts[32] = {0};
  for (int i = 0; i < 3; i++) {
    struct line copy = lines[i];
    counts[copy.n] += (UINT64)copy.n * 1000003u;
    put(out, copy.text);
  }
  UINT64 sum = 0;
  for (int i = 0; i < 32; i++) sum += counts[i];
  put(out, u"jwin uefi: sum=");
  put_number(out, sum);
  put(out, u"\r\njwin uefi: powering off\r\n");
  st->RuntimeServices->ResetSystem(EfiResetShutdown, 0, 0, 0);
  return 0;
}
