package org.peervault.agent.s3;

import java.util.ArrayList;
import java.util.List;
import org.peervault.agent.objects.ObjectStore.Upload;

/**
 * One page of ListMultipartUploads over the uploads in progress (by key, then start time): after
 * the key and upload-id markers, keys with the delimiter rolled up into common prefixes.
 */
final class UploadListing {
  private UploadListing() {}

  /** A page; the next markers name the last upload returned. */
  record Page(List<Upload> uploads, List<String> prefixes, boolean truncated,
      String nextKeyMarker, String nextUploadIdMarker) {}

  static Page page(List<Upload> all, String prefix, String delimiter, String keyMarker,
      String uploadIdMarker, int maxUploads) {
    List<Upload> uploads = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    boolean pastMarker = uploadIdMarker.isEmpty();
    String nextKey = "";
    String nextUpload = "";
    int entries = 0;
    for (Upload upload : all) {
      int order = upload.key().compareTo(keyMarker);
      if (!keyMarker.isEmpty() && order < 0) {
        continue;
      }
      if (!keyMarker.isEmpty() && order == 0 && !pastMarker) {
        pastMarker = upload.uploadId().equals(uploadIdMarker);
        continue;
      }
      if (!keyMarker.isEmpty() && order == 0 && uploadIdMarker.isEmpty()) {
        continue;
      }
      String rest = upload.key().substring(Math.min(prefix.length(), upload.key().length()));
      int at = delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
      if (at >= 0) {
        String common = prefix + rest.substring(0, at + delimiter.length());
        if (prefixes.contains(common)) {
          continue;
        }
        if (entries == maxUploads) {
          return new Page(uploads, prefixes, true, nextKey, nextUpload);
        }
        prefixes.add(common);
        nextKey = common;
        nextUpload = "";
      } else {
        if (entries == maxUploads) {
          return new Page(uploads, prefixes, true, nextKey, nextUpload);
        }
        uploads.add(upload);
        nextKey = upload.key();
        nextUpload = upload.uploadId();
      }
      entries++;
    }
    return new Page(uploads, prefixes, false, nextKey, nextUpload);
  }
}
