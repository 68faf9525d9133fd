// The second object of program.c: a call across objects and a switch table in .rdata.
int helper(int x) {
  switch (x) {
    case 1: return 10;
    case 2: return 21;
    case 3: return 33;
    case 4: return 47;
    case 5: return 52;
    default: return x * 3 + 1;
  }
}
