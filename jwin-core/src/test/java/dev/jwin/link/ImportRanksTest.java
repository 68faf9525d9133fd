package dev.jwin.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.coff.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** GNU import sections are ordered by "archive/member" name: ranks by archive, then member, order as whole names do. */
class ImportRanksTest {
  @Test
  void ranksOrderFilesAsTheirWholeNamesDo() {
    // Archives whose "name/" begins another's ("lib/a.a/" and "lib/a.a/x.a/"), names that sort around '/' ("a.a-1"),
    // and objects named on the command line (no archive, no member).
    String[] parents = {"", "lib/a.a", "lib/a.a-1", "lib/a.a/x.a", "/usr/lib/libk.a", "lib/b.a", "lib/a.a0"};
    String[] members = {"", "d000001.o", "d000002.o", "h.o", "z.o", "-x.o", "0.o", "d000001.o"};
    Random random = new Random(7);
    for (int round = 0; round < 3000; round++) {
      int nParents = 1 + random.nextInt(parents.length);
      List<InputFile> files = new ArrayList<>();
      for (int k = random.nextInt(12); k >= 0; k--) {
        String p = parents[random.nextInt(nParents)];
        String m = p.isEmpty() ? "" : members[random.nextInt(members.length)];
        files.add(new ObjectFile(p + "(" + m + ")", Bytes.EMPTY, p, m));
      }
      int[] rank = Writer.importRanks(files);
      for (int f = 0; f < files.size(); f++) {
        for (int g = 0; g < files.size(); g++) {
          String a = files.get(f).parentName + "/" + files.get(f).memberName;
          String b = files.get(g).parentName + "/" + files.get(g).memberName;
          assertThat(Integer.signum(Integer.compare(rank[f], rank[g]))).as("%s vs %s", a, b)
              .isEqualTo(Integer.signum(a.compareTo(b)));
        }
      }
    }
  }
}
