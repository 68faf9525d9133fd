    .text
    .globl far_function
    .p2align 2
far_function:
    ret
