package org.peervault.repository.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "a/b/c.txt", "..x", "x..", ".hidden/file", "a b/c\\d", "été/ü"})
  void acceptsRelativeNormalPaths(String path) {
    assertThat(PathRules.problem(path)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/etc/passwd", "../x", "a/../../x", "a/./b", ".", "..", "a//b",
      "a/", "a/..", "./a"})
  void refusesPathsThatAreNotRelativeAndNormal(String path) {
    assertThat(PathRules.problem(path)).isPresent();
  }

  @Test
  void refusesNul() {
    assertThat(PathRules.problem("a\0b")).contains("it contains a NUL character");
  }

  @Test
  void refusesPathsLongerThan4096Bytes() {
    assertThat(PathRules.problem("a".repeat(4096))).isEmpty();
    assertThat(PathRules.problem("a".repeat(4097))).isPresent();
    // 2 bytes per character in UTF-8
    assertThat(PathRules.problem("é".repeat(2049))).isPresent();
  }

  @Test
  void dotDotSegmentIsNamedInTheReason() {
    assertThat(PathRules.problem("../x")).contains("it has a \"..\" segment");
  }
}
