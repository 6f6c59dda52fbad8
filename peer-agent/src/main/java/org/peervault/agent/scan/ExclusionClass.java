package org.peervault.agent.scan;

import java.util.List;

/**
 * The built-in classes of files not worth backing up (paper 3.1.1: temporary and application files
 * are not backed up), each a list of gitignore patterns. All apply unless a command or policy turns
 * a class off ({@code --keep CLASS}) or re-includes a path with a {@code !pattern}.
 */
public enum ExclusionClass {
  /** Editor swap and backup files, partial downloads, office lock files. */
  TEMP("temporary files", List.of("*.tmp", "*.temp", "*~", "*.swp", "*.swo", ".#*", "#*#", "~$*",
      ".~lock.*#", "*.part", "*.crdownload", ".pv-restore-*.tmp")),
  /** Caches that applications rebuild by themselves. */
  CACHE("caches", List.of(".cache/", "__pycache__/", "*.pyc", "Library/Caches/", "GPUCache/", "Code Cache/",
      "CacheStorage/", ".thumbnails/", ".npm/_cacache/", ".m2/repository/", ".gradle/caches/")),
  /** Files already deleted by their owner. */
  TRASH("trash", List.of(".Trash/", ".Trash-*/", ".Trashes/", ".local/share/Trash/", "$RECYCLE.BIN/")),
  /** Output a build regenerates from sources. */
  BUILD("build output", List.of("node_modules/", "target/", "build/", ".gradle/", ".tox/", "*.o", "*.obj",
      "*.class")),
  /** Operating system bookkeeping. */
  OS("operating system files", List.of(".DS_Store", "._*", "Thumbs.db", "ehthumbs.db", "desktop.ini",
      ".Spotlight-V100/", ".fseventsd/", "lost+found/", ".directory"));

  private final String description;
  private final List<String> patterns;

  ExclusionClass(String description, List<String> patterns) {
    this.description = description;
    this.patterns = patterns;
  }

  public String description() {
    return description;
  }

  /** The class's rules in gitignore syntax. */
  public List<String> patterns() {
    return patterns;
  }

  /** The lower-case name used on the command line and in reasons ({@code temp}, {@code cache}...). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The class named {@code label}; the message lists the valid names. */
  public static ExclusionClass parse(String label) {
    for (ExclusionClass c : values()) {
      if (c.label().equalsIgnoreCase(label.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException("no exclusion class \"" + label + "\"; use one of temp, cache, trash, build, os");
  }
}
