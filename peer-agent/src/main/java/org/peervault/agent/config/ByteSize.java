package org.peervault.agent.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints byte sizes: {@code 512}, {@code 64KiB}, {@code 10GiB}, {@code 1.5G} (binary units). */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(?:I?B)?", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "KMGT";

  private ByteSize() {}

  /** Bytes in {@code text}; throws IllegalArgumentException with the accepted forms when malformed. */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: \"" + text + "\" (use e.g. 512MiB, 10GiB or a byte count)");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2).toUpperCase(Locale.ROOT);
    int power = unit.isEmpty() ? 0 : UNITS.indexOf(unit) + 1;
    return (long) (value * Math.pow(1024, power));
  }

  /** A short human form: {@code 1.5 GiB}. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    int power = Math.min(UNITS.length(), (int) (Math.log(bytes) / Math.log(1024)));
    return String.format(Locale.ROOT, "%.1f %ciB", bytes / Math.pow(1024, power), UNITS.charAt(power - 1));
  }
}
