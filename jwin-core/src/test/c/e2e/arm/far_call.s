// Branches to a function 128 MiB away, beyond B/BL's reach: the linker adds a range-extension thunk.
    .text
    .globl start
    .p2align 2
start:
    bl far_function
    cbz x0, far_function
    ret
