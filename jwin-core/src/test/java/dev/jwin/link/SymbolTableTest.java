package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The symbol table's own hash table: free slots, names whose hashes it must tell apart, growth. */
class SymbolTableTest {
  private static SymbolTable table() {
    Diagnostics diag = new Diagnostics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return new LinkContext(new Config(), diag).symtab;
  }

  @Test
  void aNameWhoseHashIsZeroIsNotAFreeSlot() {
    // A slot's stored hash 0 means free: "" hashes to 0 and "\1" to 1, so both are kept under the same stored hash.
    assertThat("".hashCode()).isZero();
    assertThat("\1".hashCode()).isEqualTo(1);
    SymbolTable t = table();
    Symbol empty = t.addUndefined("", null, false);
    Symbol one = t.addUndefined("\1", null, false);
    assertThat(one).isNotSameAs(empty);
    assertThat(t.find("")).isSameAs(empty);
    assertThat(t.find("\1")).isSameAs(one);
    assertThat(t.addUndefined("", null, false)).isSameAs(empty);
    assertThat(t.find("\2")).isNull();
  }

  @Test
  void everySymbolIsFoundAgainAfterTheTableGrows() {
    SymbolTable t = table();
    List<Symbol> added = new ArrayList<>();
    Symbol empty = t.addUndefined("", null, false);
    // Far past the first table's 65536 slots, half of which it fills before it doubles.
    for (int i = 0; i < 200_000; i++) added.add(t.addUndefined("sym" + i, null, false));
    assertThat(t.find("")).isSameAs(empty);
    for (int i = 0; i < added.size(); i++) {
      Symbol s = t.find("sym" + i);
      assertThat(s).isSameAs(added.get(i));
      assertThat(s.name()).isEqualTo("sym" + i);
    }
    assertThat(t.find("sym200000")).isNull();
    assertThat(t.ordered()).hasSize(200_001);
  }
}
