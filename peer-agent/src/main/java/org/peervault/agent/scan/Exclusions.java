package org.peervault.agent.scan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What a backup leaves out: the enabled built-in {@link ExclusionClass}es first, then policy and
 * command-line patterns, all in gitignore syntax. As in gitignore, the last matching rule decides
 * (so a later {@code !pattern} re-includes), and nothing below an excluded directory is visited.
 * Paths are relative to their backup root. Immutable and thread-safe.
 */
public final class Exclusions {
  private final List<Rule> rules;

  private record Rule(IgnorePattern pattern, String source) {}

  private Exclusions(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Nothing excluded. */
  public static Exclusions none() {
    return new Exclusions(List.of());
  }

  /**
   * The given built-in classes, then {@code patterns} (each labelled with {@code source}, e.g.
   * "policy" or "--exclude", in reasons).
   */
  public static Exclusions of(Collection<ExclusionClass> classes, List<String> patterns, String source) {
    List<Rule> rules = new ArrayList<>();
    for (ExclusionClass c : ExclusionClass.values()) {
      if (classes.contains(c)) {
        for (String line : c.patterns()) {
          IgnorePattern.parse(line).ifPresent(p -> rules.add(new Rule(p, "class " + c.label())));
        }
      }
    }
    for (String line : patterns) {
      IgnorePattern.parse(line).ifPresent(p -> rules.add(new Rule(p, source)));
    }
    return new Exclusions(rules);
  }

  /** These rules followed by {@code more}'s. */
  public Exclusions and(Exclusions more) {
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(more.rules);
    return new Exclusions(all);
  }

  /** Why {@code relativePath} is left out, or empty when it is backed up. */
  public Optional<String> reason(String relativePath, boolean directory) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule rule = rules.get(i);
      if (rule.pattern().matches(relativePath, directory)) {
        return rule.pattern().negated() ? Optional.empty()
            : Optional.of(rule.source() + " (" + rule.pattern() + ")");
      }
    }
    return Optional.empty();
  }
}
