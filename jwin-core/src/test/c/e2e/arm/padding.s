// 128 MiB of code between far_call.s and far_function.s.
    .text
    .space 0x8000000
