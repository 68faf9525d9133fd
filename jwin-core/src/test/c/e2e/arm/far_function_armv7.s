    .syntax unified
    .thumb
    .text
    .globl far_function
    .p2align 1
    .thumb_func
far_function:
    bx lr
