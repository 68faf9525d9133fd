# /delayload needs the runtime's __delayLoadHelper2, even when nothing is imported from that DLL.
# LINK: /entry:start /subsystem:console /delayload:foo.dll
# FAIL
# ERR: error: {{.*}}undefined symbol: __delayLoadHelper2
.text
.globl start
start: ret
