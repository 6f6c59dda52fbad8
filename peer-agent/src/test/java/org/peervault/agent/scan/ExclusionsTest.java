package org.peervault.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExclusionsTest {
  private static boolean matches(String pattern, String path, boolean directory) {
    return IgnorePattern.parse(pattern).orElseThrow().matches(path, directory);
  }

  @Test
  void gitignorePatternsFollowGitRules() {
    assertThat(matches("*.log", "a/b/x.log", false)).isTrue();
    assertThat(matches("*.log", "a/x.log/y", false)).isFalse();
    assertThat(matches("/top.txt", "top.txt", false)).isTrue();
    assertThat(matches("/top.txt", "a/top.txt", false)).isFalse();
    assertThat(matches("build/", "a/build", true)).isTrue();
    assertThat(matches("build/", "a/build", false)).isFalse();
    assertThat(matches("docs/*.tmp", "docs/a.tmp", false)).isTrue();
    assertThat(matches("docs/*.tmp", "x/docs/a.tmp", false)).isFalse();
    assertThat(matches("**/cache", "a/b/cache", true)).isTrue();
    assertThat(matches("logs/**", "logs/a/b.txt", false)).isTrue();
    assertThat(matches("a/**/z", "a/z", false)).isTrue();
    assertThat(matches("a/**/z", "a/b/c/z", false)).isTrue();
    assertThat(matches("file?.[ch]", "file1.c", false)).isTrue();
    assertThat(matches("file?.[!ch]", "file1.c", false)).isFalse();
    assertThat(matches("a[!b]c", "x/a/c", false)).as("a bracket never matches the '/'").isFalse();
    assertThat(matches("*.tmp", "a/b/c/x.tmp", false)).isTrue();
    assertThat(matches("*.tmp", "a/x.tmp/c", false)).as("the last name only").isFalse();
    assertThat(matches("\\#hash", "#hash", false)).isTrue();
    assertThat(IgnorePattern.parse("# comment")).isEmpty();
    assertThat(IgnorePattern.parse("   ")).isEmpty();
  }

  @Test
  void theLastMatchingRuleDecidesAndNamesItsSource() {
    Exclusions ex = Exclusions.of(EnumSet.allOf(ExclusionClass.class), List.of("*.iso", "!keep.tmp"), "policy");
    assertThat(ex.reason("a/x.tmp", false)).hasValue("class temp (*.tmp)");
    assertThat(ex.reason("keep.tmp", false)).isEmpty();
    assertThat(ex.reason("dl/big.iso", false)).hasValue("policy (*.iso)");
    assertThat(ex.reason("p/node_modules", true)).hasValue("class build (node_modules/)");
    assertThat(ex.reason(".cache", true)).hasValue("class cache (.cache/)");
    assertThat(ex.reason(".local/share/Trash", true)).hasValue("class trash (.local/share/Trash/)");
    assertThat(ex.reason("photos/.DS_Store", false)).hasValue("class os (.DS_Store)");
    assertThat(ex.reason("notes.txt", false)).isEmpty();
    assertThat(Exclusions.of(Set.of(), List.of(), "x").reason("a.tmp", false)).isEmpty();
  }

  @Test
  void theWalkLeavesOutExcludedPathsAndDoesNotEnterExcludedDirectories(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("home"));
    Files.createDirectories(root.resolve("proj/node_modules/lib"));
    Files.writeString(root.resolve("proj/node_modules/lib/x.js"), "x");
    Files.writeString(root.resolve("proj/main.c"), "int main;");
    Files.writeString(root.resolve("proj/main.c~"), "old");
    Files.writeString(root.resolve("secret.key"), "k");

    TreeWalker.Scan scan = TreeWalker.scan(List.of(root),
        Exclusions.of(EnumSet.allOf(ExclusionClass.class), List.of("*.key"), "--exclude"));

    assertThat(scan.entries()).extracting(Entry::snapshotPath).containsExactlyInAnyOrder("home", "home/proj", "home/proj/main.c");
    assertThat(scan.excluded()).extracting(Excluded::path)
        .containsExactlyInAnyOrder("home/proj/node_modules", "home/proj/main.c~", "home/secret.key");
    assertThat(scan.excluded()).extracting(Excluded::reason).contains("--exclude (*.key)", "class temp (*~)");
  }

  @Test
  void everyBuiltInClassHasAName() {
    for (ExclusionClass c : ExclusionClass.values()) {
      assertThat(ExclusionClass.parse(c.label())).isEqualTo(c);
      assertThat(c.patterns()).isNotEmpty();
    }
  }
}
