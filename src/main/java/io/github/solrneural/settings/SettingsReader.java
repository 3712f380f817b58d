package io.github.solrneural.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed values of named settings, each given as one or more strings (a setting given twice where
 * one value is read is an error). Every error is a {@link SettingException} whose message names the
 * setting as the source does ({@code parameter 'topK'}, {@code option --maxLength}...) and quotes
 * the value at fault up to {@value #QUOTED_CHARS} characters: values may be megabytes long, and
 * numbers are read in one pass over their characters.
 */
public final class SettingsReader {
  public static final int QUOTED_CHARS = 32;

  private final Map<String, List<String>> values;
  private final Function<String, String> label;

  /**
   * @param values each setting's values, in the order given
   * @param label how messages name a setting, for example {@code name -> "parameter '" + name +
   *     "'"}
   */
  public SettingsReader(Map<String, List<String>> values, Function<String, String> label) {
    this.values = values;
    this.label = label;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value, or the default when the setting is absent. */
  public String string(String name, String defaultValue) {
    List<String> given = values.get(name);
    if (given == null || given.isEmpty()) {
      return defaultValue;
    }
    if (given.size() > 1) {
      throw problem(name, "is given " + given.size() + " times; give it once");
    }
    return given.get(0);
  }

  /** The value, which must be present and not blank. */
  public String required(String name) {
    String value = string(name, null);
    if (value == null || value.isBlank()) {
      throw problem(name, "is required");
    }
    return value;
  }

  /** Every value of a setting that may be repeated; empty when absent. */
  public List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  /**
   * As {@link #all}, with {@code \n}, {@code \r}, {@code \t} and {@code \\} read as a newline,
   * carriage return, tab and backslash: a line break in an XML value is easily lost or reformatted.
   */
  public List<String> allEscaped(String name) {
    List<String> given = all(name);
    List<String> read = new ArrayList<>(given.size());
    for (String value : given) {
      read.add(unescaped(name, value));
    }
    return List.copyOf(read);
  }

  private String unescaped(String name, String value) {
    StringBuilder text = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\') {
        text.append(c);
        continue;
      }
      if (++i == value.length()) {
        throw problem(name, "ends in a lone backslash: '" + quoted(value)
            + "'; write \\\\ for a backslash");
      }
      switch (value.charAt(i)) {
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case '\\' -> text.append('\\');
        default -> throw problem(name, "has an unknown escape '\\" + value.charAt(i) + "' in '"
            + quoted(value) + "'; write \\n, \\r, \\t or \\\\");
      }
    }
    return text.toString();
  }

  /** {@code true} or {@code false}, in any case; nothing else. */
  public boolean bool(String name, boolean defaultValue) {
    String value = string(name, null);
    if (value == null) {
      return defaultValue;
    }
    String trimmed = value.trim();
    if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
      return trimmed.equalsIgnoreCase("true");
    }
    throw problem(name, "must be true or false, got '" + quoted(value) + "'");
  }

  /** An integer within [min, max]; the default is not checked. */
  public int integer(String name, int defaultValue, int min, int max) {
    return (int) longValue(name, defaultValue, min, max);
  }

  /** A long within [min, max]; the default is not checked. */
  public long longValue(String name, long defaultValue, long min, long max) {
    IntegerText parsed = parseInteger(name);
    if (parsed == null) {
      return defaultValue;
    }
    if (parsed.value() < min || (parsed.beyondLong() && parsed.value() == Long.MIN_VALUE)) {
      throw outOfRange(name, "at least " + min);
    }
    if (parsed.value() > max || parsed.beyondLong()) {
      throw outOfRange(name, "at most " + max);
    }
    return parsed.value();
  }

  /**
   * An integer of at least {@code min} with no upper bound of its own: one beyond the range of long
   * reads as {@link Long#MAX_VALUE}, for the caller to cap.
   */
  public long atLeast(String name, long defaultValue, long min) {
    IntegerText parsed = parseInteger(name);
    if (parsed == null) {
      return defaultValue;
    }
    if (parsed.value() < min) {
      throw outOfRange(name, "at least " + min);
    }
    return parsed.value();
  }

  /** The setting's value is outside its range; the message quotes it as given. */
  private SettingException outOfRange(String name, String bound) {
    return problem(name, "must be " + bound + ", got " + quoted(string(name, "").trim()));
  }

  /** A finite decimal number such as {@code 0.5}, {@code -2} or {@code 1e-3}. */
  public double finiteDouble(String name, double defaultValue) {
    String value = string(name, null);
    if (value == null) {
      return defaultValue;
    }
    String trimmed = value.trim();
    double parsed = Double.NaN;
    // Decimal notation only: no NaN, Infinity, hexadecimal or a type suffix such as 1d.
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(c -> "0123456789+-.eE".indexOf(c) >= 0)) {
      try {
        parsed = Double.parseDouble(trimmed);
      } catch (NumberFormatException e) {
        parsed = Double.NaN;
      }
    }
    if (!Double.isFinite(parsed)) {
      throw problem(name, "must be a finite number, got '" + quoted(value) + "'");
    }
    return parsed;
  }

  /**
   * One of the allowed values, matched ignoring case.
   *
   * @param allowed each accepted spelling and what it stands for, in the order messages list them
   */
  public <T> T choice(String name, T defaultValue, Map<String, T> allowed) {
    String value = string(name, null);
    if (value == null) {
      return defaultValue;
    }
    for (Map.Entry<String, T> entry : allowed.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(value.trim())) {
        return entry.getValue();
      }
    }
    throw problem(
        name,
        "must be one of " + String.join(", ", allowed.keySet()) + "; got '" + quoted(value) + "'");
  }

  /** An enum's constants by their lower-case names, in declaration order, for {@link #choice}. */
  public static <E extends Enum<E>> Map<String, E> byLowerCaseName(Class<E> type) {
    Map<String, E> names = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      names.put(constant.name().toLowerCase(Locale.ROOT), constant);
    }
    return names;
  }

  /** Refuses the first setting not in {@code known}, listing the known ones. */
  public void rejectUnknown(Set<String> known) {
    rejectUnknown(known, null);
  }

  /** As above, naming what the settings were given to (say {@code {!cross_encoder}}). */
  public void rejectUnknown(Set<String> known, String owner) {
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new SettingException(
            name,
            "unknown " + label.apply(name) + (owner == null ? "" : " of " + owner) + "; known: "
                + new TreeSet<>(known));
      }
    }
  }

  /** An error about one setting, worded as the others: the setting's name, then the problem. */
  public SettingException problem(String name, String problem) {
    return new SettingException(name, label.apply(name) + " " + problem);
  }

  /** The value itself when short, else its start and its length. */
  public static String quoted(String value) {
    if (value.length() <= QUOTED_CHARS) {
      return value;
    }
    return value.substring(0, QUOTED_CHARS) + "... (" + value.length() + " characters)";
  }

  private IntegerText parseInteger(String name) {
    String value = string(name, null);
    if (value == null) {
      return null;
    }
    IntegerText parsed = IntegerText.parse(value.trim());
    if (parsed == null) {
      throw problem(name, "must be an integer, got '" + quoted(value) + "'");
    }
    return parsed;
  }
}
