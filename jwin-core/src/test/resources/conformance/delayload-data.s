# A DLL whose data is imported cannot be delay-loaded.
# IMPLIB: d.lib d.dll dvar,DATA dfun
# LINK: /entry:start /subsystem:console d.lib /delayload:d.dll
# FAIL
# ERR: error: cannot delay-load d.dll due to import of data: __declspec(dllimport) dvar
.text
.globl start
start:
  movq __imp_dvar(%rip), %rax
  call dfun
  ret
.globl __delayLoadHelper2
__delayLoadHelper2:
  ret
