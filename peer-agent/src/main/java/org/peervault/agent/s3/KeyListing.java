package org.peervault.agent.s3;

import java.util.ArrayList;
import java.util.List;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;
import org.peervault.agent.objects.ObjectStore.Principal;

/**
 * One page of a bucket listing with S3's delimiter semantics: keys that contain the delimiter
 * after the prefix are rolled up into one common prefix each, which counts as one entry and is
 * skipped past in a single step (the store is asked again from the prefix's end).
 */
final class KeyListing {
  /** Sorts after every key that starts with what precedes it (U+10FFFF is UTF-8's largest). */
  static final String AFTER_ALL = "\uDBFF\uDFFF";
  private static final int BATCH = 1000;

  private KeyListing() {}

  /**
   * A page.
   *
   * @param objects the objects, in key order
   * @param prefixes the common prefixes, in order
   * @param truncated true when more entries follow
   * @param lastEntry the last key or common prefix returned (null when none)
   * @param cursor where the next page starts (exclusive; past a common prefix's keys)
   */
  record Page(List<ObjectInfo> objects, List<String> prefixes, boolean truncated,
      String lastEntry, String cursor) {}

  /**
   * Lists up to {@code maxKeys} entries after {@code startAfter}.
   *
   * @param delimiter "" for none
   */
  static Page list(ObjectStore store, Principal principal, String bucket, String prefix,
      String delimiter, String startAfter, int maxKeys) {
    List<ObjectInfo> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String cursor = startAfter;
    String last = null;
    int entries = 0;
    fetching:
    while (entries < maxKeys) {
      int want = Math.min(BATCH, maxKeys - entries);
      List<ObjectInfo> batch = store.list(principal, bucket, prefix, cursor, want);
      for (ObjectInfo object : batch) {
        String rest = object.key().substring(prefix.length());
        int at = delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
        entries++;
        if (at >= 0) {
          last = prefix + rest.substring(0, at + delimiter.length());
          prefixes.add(last);
          cursor = last + AFTER_ALL;
          continue fetching;
        }
        objects.add(object);
        last = object.key();
        cursor = last;
      }
      if (batch.size() < want) {
        return new Page(objects, prefixes, false, last, cursor);
      }
    }
    boolean more = maxKeys == 0 ? false
        : !store.list(principal, bucket, prefix, cursor, 1).isEmpty();
    return new Page(objects, prefixes, more, last, cursor);
  }
}
