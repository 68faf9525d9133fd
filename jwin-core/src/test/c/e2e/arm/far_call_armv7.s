// Thumb-2: branches to a function 16 MiB away, beyond BL's reach: the linker adds a range-extension thunk.
    .syntax unified
    .thumb
    .text
    .globl start
    .p2align 1
    .thumb_func
start:
    bl far_function
    bx lr
