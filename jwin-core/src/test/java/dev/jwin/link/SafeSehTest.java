package dev.jwin.link;

import static dev.jwin.testkit.Coff.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.testkit.Bytes;
import dev.jwin.testkit.Link;
import dev.jwin.testkit.ObjectBuilder;
import dev.jwin.testkit.PeImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * x86 SafeSEH, as lld-link does it: on by default for x86 (off under -lldmingw), every object must set
 * bit 0 of @feat.00, the handlers named by the objects' .sxdata sections make a sorted RVA table that
 * {@code ___safe_se_handler_table}/{@code ___safe_se_handler_count} (and so the load configuration) point
 * at, and an image without handlers or without a load configuration is marked NO_SEH.
 */
class SafeSehTest {
  @TempDir Path dir;

  static final int NO_SEH = 0x400;
  static final int DIR_LOAD_CONFIG = 10;
  /** SEHandlerTable and SEHandlerCount in a PE32 load configuration. */
  static final int SEH_TABLE = 0x40, SEH_COUNT = 0x44, LOAD_CONFIG_SIZE = 0x48;

  /**
   * _start, two handlers (the second registered twice), and with {@code loadConfig} a load configuration
   * whose SEH fields are relocated against the table and count symbols.
   */
  private static ObjectBuilder object(boolean feat, boolean loadConfig) {
    ObjectBuilder a = new ObjectBuilder().machine(IMAGE_FILE_MACHINE_I386).sectionSymbols(false);
    var text = a.text().data("c3 90 90 90 c3 90 90 90 c3");
    ObjectBuilder.Symbol h2 = a.local("_handler2", text, 8);
    ObjectBuilder.Symbol h1 = a.local("_handler1", text, 4);
    a.function("_start", text, 0);
    if (feat) a.absolute("@feat.00", 1);
    if (loadConfig) {
      byte[] lc = new byte[LOAD_CONFIG_SIZE];
      Bytes.putU32(lc, 0, LOAD_CONFIG_SIZE);
      var rdata = a.rdata().data(lc);
      a.global("__load_config_used", rdata, 0);
      rdata.reloc(SEH_TABLE, IMAGE_REL_I386_DIR32, "___safe_se_handler_table");
      rdata.reloc(SEH_COUNT, IMAGE_REL_I386_DIR32, "___safe_se_handler_count");
    }
    var sxdata = a.section(".sxdata", IMAGE_SCN_LNK_INFO);
    a.build(); // numbers the symbols
    sxdata.data(Bytes.concat(u32(h2.index()), u32(h1.index()), u32(h2.index())));
    return a;
  }

  private static byte[] u32(int v) {
    byte[] b = new byte[4];
    Bytes.putU32(b, 0, v);
    return b;
  }

  private Link.Result link(ObjectBuilder a, String... args) {
    return Link.in(dir).input("a.obj", a).args(args).run();
  }

  @Test
  void handlersAreASortedTableTheLoadConfigurationPointsAt() {
    PeImage img = link(object(true, true)).image();
    long entry = Integer.toUnsignedLong(img.addressOfEntryPoint);
    PeImage.DataDirectory lc = img.dataDirectories.get(DIR_LOAD_CONFIG);
    assertThat(lc.size()).isEqualTo(LOAD_CONFIG_SIZE);
    long table = img.u32At(Integer.toUnsignedLong(lc.rva()) + SEH_TABLE) - img.imageBase;
    assertThat(img.u32At(Integer.toUnsignedLong(lc.rva()) + SEH_COUNT)).isEqualTo(2);
    assertThat(img.u32At(table)).isEqualTo(entry + 4);
    assertThat(img.u32At(table + 4)).isEqualTo(entry + 8);
    assertThat(img.sectionAt(table).name()).isEqualTo(".rdata");
    assertThat(img.dllCharacteristics & NO_SEH).isZero();
  }

  @Test
  void withoutLoadConfigurationTheImageHasNoSeh() {
    PeImage img = link(object(true, false)).image();
    assertThat(img.dllCharacteristics & NO_SEH).isEqualTo(NO_SEH);
  }

  @Test
  void objectWithoutFeat00IsAnError() {
    Link.Result r = link(object(false, true));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).containsExactly("jwin: error: /safeseh: " + dir.resolve("a.obj") + " is not compatible with SEH");
  }

  @Test
  void safesehNoAndLldmingwTurnItOff() {
    for (String off : new String[] {"-safeseh:no", "-lldmingw"}) {
      PeImage img = link(object(false, true), off).image();
      PeImage.DataDirectory lc = img.dataDirectories.get(DIR_LOAD_CONFIG);
      assertThat(img.u32At(Integer.toUnsignedLong(lc.rva()) + SEH_COUNT)).isZero();
      assertThat(img.dllCharacteristics & NO_SEH).isZero();
    }
  }

  @Test
  void nosehSetsTheCharacteristic() {
    PeImage img = link(object(true, true), "-safeseh:no", "-noseh").image();
    assertThat(img.dllCharacteristics & NO_SEH).isEqualTo(NO_SEH);
  }
}
