// 16 MiB of code between far_call_armv7.s and far_function_armv7.s.
    .syntax unified
    .thumb
    .text
    .space 0x1000000
