package org.peervault.agent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Turns a results file into the tables of {@code docs/benchmarks.md} and its PNG chart. The
 * generated part of the document sits between {@link #BEGIN} and {@link #END}; the text around it
 * (what bounds each figure) is kept as written. A document without the markers gets them appended.
 *
 * <pre>java ... BenchReport RESULTS DOC.md CHART.png</pre>
 */
public final class BenchReport {
  static final String BEGIN = "<!-- results:begin (written by deploy/local/bench.sh) -->";
  static final String END = "<!-- results:end -->";
  private static final double MB = 1e6;
  private static final double MIB = 1 << 20;

  private final List<ResultLine> lines;

  BenchReport(List<ResultLine> lines) {
    this.lines = lines;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: BenchReport RESULTS DOC.md CHART.png");
      System.exit(2);
    }
    BenchReport report = read(Path.of(args[0]));
    Path doc = Path.of(args[1]);
    String old = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
    Files.writeString(doc, splice(old, report.markdown(Path.of(args[2]).getFileName().toString())));
    report.chart(Path.of(args[2]));
  }

  /** Reads every result line of {@code file}, skipping comments and blank lines. */
  static BenchReport read(Path file) throws IOException {
    List<ResultLine> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        lines.add(ResultLine.parse(line));
      }
    }
    return new BenchReport(lines);
  }

  /** {@code doc} with its generated part replaced by {@code generated}. */
  static String splice(String doc, String generated) {
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    if (begin < 0 || end < begin) {
      return doc + (doc.endsWith("\n") ? "" : "\n") + "\n" + BEGIN + "\n" + generated + END + "\n";
    }
    return doc.substring(0, begin + BEGIN.length()) + "\n" + generated + doc.substring(end);
  }

  List<ResultLine> of(String kind) {
    return lines.stream().filter(l -> l.kind().equals(kind)).toList();
  }

  ResultLine one(String kind) {
    List<ResultLine> found = of(kind);
    if (found.isEmpty()) {
      throw new IllegalArgumentException("results: no " + kind + " line; was the run cut short?");
    }
    return found.get(0);
  }

  /** The generated Markdown: run, machine, dataset, then one table per part. */
  String markdown(String chartName) {
    StringBuilder md = new StringBuilder();
    ResultLine run = one("run");
    ResultLine machine = one("machine");
    md.append("Run of ").append(run.get("date")).append(": `").append(run.get("command")).append("`  \n")
        .append("Machine: ").append(machine.get("cpu")).append(", ").append(machine.get("cores"))
        .append(" cores, ").append(fmt(machine.number("mem_kb", 0) / 1024 / 1024, 1)).append(" GiB memory, ")
        .append(machine.get("os")).append(", Java ").append(machine.get("java")).append(", restic ")
        .append(machine.values().getOrDefault("restic", "-")).append(", borg ")
        .append(machine.values().getOrDefault("borg", "-")).append(". All processes share these cores;")
        .append(" the tools ran one after another, never at once.  \n");
    ResultLine dataset = one("dataset");
    md.append("Dataset: ").append(dataset.get("files")).append(" files, ")
        .append(fmt(dataset.number("bytes", 0) / MIB, 0)).append(" MiB (seed ").append(dataset.get("seed"))
        .append("); the edit changed ").append(dataset.values().getOrDefault("edited_files", "-"))
        .append(" files.\n\n");
    backupTable(md);
    md.append("\n![wall time per phase](").append(chartName).append(")\n\n");
    cpuTable(md);
    limitsTable(md);
    repositoryTable(md);
    s3Table(md);
    return md.toString();
  }

  private void backupTable(StringBuilder md) {
    md.append("| tool | phase | wall s | MB/s | CPU s | peak RSS MiB | stored MiB | dedup+compression | wall vs restic |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Map<String, Double> backedUp = new LinkedHashMap<>();
    for (ResultLine p : of("phase")) {
      String tool = p.get("tool");
      String phase = p.get("phase");
      double wall = p.number("wall_s", 0);
      double data = p.number("data_bytes", 0);
      double stored = p.number("stored_bytes", -1);
      double copies = p.number("copies", 1);
      if (!phase.equals("restore")) {
        backedUp.merge(tool, data, Double::sum);
      }
      String ratio = stored > 0 && !phase.equals("restore")
          ? fmt(backedUp.get(tool) / (stored / copies), 2) + "x" : "";
      md.append("| ").append(tool).append(" | ").append(phase).append(" | ").append(fmt(wall, 1))
          .append(" | ").append(fmt(data / MB / wall, 1)).append(" | ").append(fmt(p.number("cpu_s", 0), 1))
          .append(" | ").append(fmt(p.number("rss_kb", 0) / 1024, 0)).append(" | ")
          .append(stored < 0 ? "" : fmt(stored / MIB, 0) + (copies > 1 ? " (" + (int) copies + " copies)" : ""))
          .append(" | ").append(ratio).append(" | ").append(versus(p, "tool", "restic", "phase")).append(" |\n");
    }
  }

  /** Where each PeerVault phase's CPU seconds went: the command and each service. */
  private void cpuTable(StringBuilder md) {
    List<ResultLine> phases = of("phase").stream()
        .filter(p -> p.get("tool").equals("peervault") && p.values().containsKey("cpu_detail")).toList();
    if (phases.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    for (ResultLine p : phases) {
      for (String pair : p.get("cpu_detail").split(" ")) {
        String name = pair.substring(0, pair.indexOf('='));
        if (!parts.contains(name)) {
          parts.add(name);
        }
      }
    }
    md.append("Where PeerVault's CPU seconds went (`command` is the `peer-agent backup` or `restore` process, which"
        + " hands the work to laptop-1's running agent, `agent`; `peer2` and `peer3` store and serve the chunks):\n\n| phase |");
    parts.forEach(part -> md.append(' ').append(part).append(" |"));
    md.append("\n|---|").append("---:|".repeat(parts.size())).append('\n');
    for (ResultLine p : phases) {
      ResultLine detail = ResultLine.parse("cpu " + p.get("cpu_detail"));
      md.append("| ").append(p.get("phase")).append(" |");
      parts.forEach(part -> md.append(' ').append(detail.values().getOrDefault(part, "")).append(" |"));
      md.append('\n');
    }
    md.append('\n');
  }

  /**
   * {@code line}'s wall time over that of the line of the same kind whose {@code who} is
   * {@code baseline} and whose {@code same} values equal {@code line}'s, as "0.50x"; empty when
   * there is no such line.
   */
  private String versus(ResultLine line, String who, String baseline, String... same) {
    return of(line.kind()).stream()
        .filter(b -> b.get(who).equals(baseline) && Arrays.stream(same).allMatch(k -> b.get(k).equals(line.get(k))))
        .findFirst().map(b -> fmt(line.number("wall_s", 0) / b.number("wall_s", 0), 2) + "x").orElse("");
  }

  private void limitsTable(StringBuilder md) {
    md.append("Machine limits, one core (copy: `cp -a` of the dataset on the same disk):\n\n")
        .append("| what | MB/s |\n|---|---:|\n");
    for (ResultLine l : of("limit")) {
      md.append("| ").append(l.get("name")).append(" | ").append(l.get("mb_s")).append(" |\n");
    }
    md.append('\n');
  }

  private void repositoryTable(StringBuilder md) {
    List<ResultLine> repo = of("repository");
    if (repo.isEmpty()) {
      return;
    }
    md.append("Repository service under concurrent agents (gRPC over mutual TLS, real PostgreSQL):\n\n")
        .append("| what | agents | count | wall s | per second |\n|---|---:|---:|---:|---:|\n");
    for (ResultLine r : repo) {
      md.append("| ").append(r.get("name")).append(" | ").append(r.get("agents")).append(" | ")
          .append(r.get("count")).append(" | ").append(r.get("wall_s")).append(" | ").append(r.get("per_s"))
          .append(" |\n");
    }
    md.append('\n');
  }

  private void s3Table(StringBuilder md) {
    List<ResultLine> s3 = of("s3");
    if (s3.isEmpty()) {
      return;
    }
    md.append("S3 with the AWS SDK for Java v2, one object at a time:\n\n")
        .append("| server | operation | object MiB | objects | wall s | MB/s | objects/s | wall vs S3Proxy |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (ResultLine r : s3) {
      md.append("| ").append(r.get("target")).append(" | ").append(r.get("op")).append(" | ")
          .append(r.get("size_mib")).append(" | ").append(r.get("count")).append(" | ").append(r.get("wall_s"))
          .append(" | ").append(r.get("mb_s")).append(" | ").append(r.get("ops_s")).append(" | ")
          .append(versus(r, "target", "s3proxy", "op", "size_mib", "count")).append(" |\n");
    }
    md.append('\n');
  }

  /** A bar chart of wall seconds per phase, one series per tool. */
  void chart(Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, Map<String, Double>> byTool = new LinkedHashMap<>();
    List<String> phases = new ArrayList<>();
    for (ResultLine p : of("phase")) {
      if (!phases.contains(p.get("phase"))) {
        phases.add(p.get("phase"));
      }
      byTool.computeIfAbsent(p.get("tool"), t -> new LinkedHashMap<>()).put(p.get("phase"), p.number("wall_s", 0));
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
        .title("Backup and restore, wall time (lower is better)").xAxisTitle("phase").yAxisTitle("seconds").build();
    byTool.forEach((tool, walls) -> chart.addSeries(tool, phases,
        phases.stream().map(ph -> walls.getOrDefault(ph, 0.0)).toList()));
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  static String fmt(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
