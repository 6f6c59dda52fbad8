package org.peervault.repository.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileEntryTest {
  private static final String C1 = "a".repeat(64);
  private static final String C2 = "b".repeat(64);

  private static FileEntry regular(long size, FileEntry.Slice... slices) {
    return new FileEntry("f", FileVersion.Kind.REGULAR, size, 0644, 0, "", List.of(slices));
  }

  @Test
  void regularFileChunksMustAddUpToItsSize() {
    assertThat(regular(30, new FileEntry.Slice(C1, 10), new FileEntry.Slice(C2, 20)).problem())
        .isEmpty();
    assertThat(regular(31, new FileEntry.Slice(C1, 10), new FileEntry.Slice(C2, 20)).problem())
        .contains("its chunks hold 30 bytes but its size is 31");
    assertThat(regular(0).problem()).isEmpty();
  }

  @Test
  void refusesMalformedChunkIdsAndSizes() {
    assertThat(regular(10, new FileEntry.Slice("A".repeat(64), 10)).problem()).isPresent();
    assertThat(regular(10, new FileEntry.Slice("a".repeat(63), 10)).problem()).isPresent();
    assertThat(regular(0, new FileEntry.Slice(C1, 0)).problem()).isPresent();
    assertThat(regular(-1).problem()).contains("its size -1 is negative");
  }

  @Test
  void refusesUnknownKindAndModeBeyondPermissionBits() {
    assertThat(new FileEntry("f", null, 0, 0644, 0, "", List.of()).problem()).isPresent();
    assertThat(new FileEntry("f", FileVersion.Kind.REGULAR, 0, 0100644, 0, "", List.of())
        .problem()).isPresent();
  }

  @Test
  void directoriesAndSymlinksHaveNoChunksAndSymlinksHaveATarget() {
    assertThat(new FileEntry("d", FileVersion.Kind.DIRECTORY, 0, 0755, 0, "", List.of())
        .problem()).isEmpty();
    assertThat(new FileEntry("d", FileVersion.Kind.DIRECTORY, 10, 0755, 0, "",
        List.of(new FileEntry.Slice(C1, 10))).problem()).isPresent();
    assertThat(new FileEntry("l", FileVersion.Kind.SYMLINK, 0, 0777, 0, "../elsewhere",
        List.of()).problem()).isEmpty();
    assertThat(new FileEntry("l", FileVersion.Kind.SYMLINK, 0, 0777, 0, "", List.of())
        .problem()).contains("a symlink needs a link target");
  }
}
