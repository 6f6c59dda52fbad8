package org.peervault.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;

class SnapshotDiffTest {
  private static FileVersion file(String path, long size, String chunk, long mtime) {
    return FileVersion.newBuilder().setPath(path).setKind(FileKind.FILE_KIND_REGULAR).setSizeBytes(size)
        .setMtimeMillis(mtime).setMode(0644).addChunks(ChunkRef.newBuilder().setChunkId(chunk).setPlainSizeBytes(size)).build();
  }

  @Test
  void listsAddedRemovedAndChangedPathsWithASummary() {
    FileVersion dir1 = FileVersion.newBuilder().setPath("d").setKind(FileKind.FILE_KIND_DIRECTORY).setMtimeMillis(1).build();
    FileVersion dir2 = dir1.toBuilder().setMtimeMillis(2).build();
    SnapshotDiff.Result result = SnapshotDiff.compare(
        Map.of("d", dir1, "d/same", file("d/same", 1, "a", 1), "d/edit", file("d/edit", 1, "a", 1),
            "d/gone", file("d/gone", 1, "a", 1)),
        Map.of("d", dir2, "d/same", file("d/same", 1, "a", 1), "d/edit", file("d/edit", 2, "b", 5),
            "d/new", file("d/new", 1, "a", 1)));
    assertThat(result.differences()).containsExactly(
        new SnapshotDiff.Difference(SnapshotDiff.Change.CHANGED, "d/edit", "size 1 -> 2, content, mtime"),
        new SnapshotDiff.Difference(SnapshotDiff.Change.REMOVED, "d/gone", ""),
        new SnapshotDiff.Difference(SnapshotDiff.Change.ADDED, "d/new", ""));
    assertThat(result.summary()).isEqualTo("1 added, 1 removed, 1 changed, 2 unchanged");
  }
}
