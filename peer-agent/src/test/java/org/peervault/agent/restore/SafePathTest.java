package org.peervault.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathTest {

  @TempDir
  Path target;

  @Test
  void restoreRefusesPathThatLeavesTarget() {
    Path x = Path.of("/tmp/x");

    assertThatThrownBy(() -> SafePath.resolve(x, "../../etc/passwd"))
        .isInstanceOfSatisfying(PathEscapeException.class, e -> {
          assertThat(e.path()).isEqualTo("../../etc/passwd");
          assertThat(e.target()).isEqualTo(x);
        })
        .hasMessage("restore: refusing path \"../../etc/passwd\": "
            + "it leaves the target directory /tmp/x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/../b", "a/b/../../c", "a/..", ".."})
  void refusesDotDotSegments(String path) {
    assertThatThrownBy(() -> SafePath.resolve(target, path))
        .isInstanceOfSatisfying(PathEscapeException.class, e -> assertThat(e.reason())
            .matches("it has a \"\\.\\.\" segment|it leaves the target directory .*"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"./a", "a/./b", "a/.", "."})
  void refusesDotSegments(String path) {
    assertThatThrownBy(() -> SafePath.resolve(target, path))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("\".\" segment");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a//b", "a/", "a/b/", "a///"})
  void refusesEmptySegments(String path) {
    assertThatThrownBy(() -> SafePath.resolve(target, path))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("empty segment");
  }

  @Test
  void refusesEmptyAndNullPaths() {
    assertThatThrownBy(() -> SafePath.resolve(target, ""))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("it is empty");
    assertThatThrownBy(() -> SafePath.resolve(target, null))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("it is empty");
  }

  @Test
  void refusesAbsolutePaths() {
    assertThatThrownBy(() -> SafePath.resolve(target, "/etc/passwd"))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("it is absolute");
  }

  @Test
  void refusesNulCharactersAndShowsThemEscaped() {
    assertThatThrownBy(() -> SafePath.resolve(target, "a\0.txt"))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("NUL character")
        .hasMessageContaining("\"a\\u0000.txt\"");
  }

  @Test
  void refusesBackslashes() {
    assertThatThrownBy(() -> SafePath.resolve(target, "..\\..\\windows\\system32"))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("backslash");
    assertThatThrownBy(() -> SafePath.resolve(target, "a\\b"))
        .isInstanceOf(PathEscapeException.class);
  }

  @Test
  void acceptsNestedUnicodeAndSpaceNames() {
    Path resolved = SafePath.resolve(target, "Dokumente/Präsentation Q3/日本語 ファイル.txt");

    assertThat(resolved).isEqualTo(target.toAbsolutePath().normalize()
        .resolve("Dokumente").resolve("Präsentation Q3").resolve("日本語 ファイル.txt"));
    assertThat(resolved.startsWith(target.toAbsolutePath())).isTrue();
  }

  @Test
  void acceptsNamesThatOnlyLookLikeDots() {
    assertThat(SafePath.resolve(target, "...").getFileName()).hasToString("...");
    assertThat(SafePath.resolve(target, ".profile/..x").getFileName()).hasToString("..x");
  }

  @Test
  void resolvesARelativeTargetToAnAbsolutePath() {
    assertThat(SafePath.resolve(Path.of("restore-here"), "a/b.txt"))
        .isAbsolute()
        .isEqualTo(Path.of("restore-here").toAbsolutePath().resolve("a/b.txt"));
  }

  @Test
  void symlinkedParentPointingOutsideIsRefused(@TempDir Path outside) throws IOException {
    Files.createDirectories(target.resolve("docs"));
    Files.createSymbolicLink(target.resolve("docs/evil"), outside);
    Path resolved = SafePath.resolve(target, "docs/evil/sub/payload.sh");

    assertThatThrownBy(() -> SafePath.checkNoSymlinkParents(target, resolved))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("refusing path \"docs/evil/sub/payload.sh\"")
        .hasMessageContaining("is a symbolic link");
  }

  @Test
  void symlinkAsTheFileItselfIsNotAParent(@TempDir Path outside) throws IOException {
    Files.createSymbolicLink(target.resolve("link"), outside);

    SafePath.checkNoSymlinkParents(target, SafePath.resolve(target, "link"));
  }

  @Test
  void realAndMissingParentsAreAccepted() throws IOException {
    Files.createDirectories(target.resolve("a/b"));

    SafePath.checkNoSymlinkParents(target, SafePath.resolve(target, "a/b/c/d/file.txt"));
    SafePath.checkNoSymlinkParents(target, SafePath.resolve(target, "top.txt"));
  }

  @Test
  void symlinkCheckRefusesPathsOutsideTheTarget() {
    assertThatThrownBy(() -> SafePath.checkNoSymlinkParents(target, Path.of("/etc/passwd")))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("leaves the target directory");
  }
}
