package io.github.solrneural.settings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** One wording of every setting error, whatever the source, and bounded work on huge values. */
public class SettingsReaderTest {
  private static SettingsReader reader(String... pairs) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.computeIfAbsent(pairs[i], name -> new java.util.ArrayList<>()).add(pairs[i + 1]);
    }
    return new SettingsReader(values, name -> "option --" + name);
  }

  private static SettingException refused(Runnable reading) {
    return assertThrows(SettingException.class, reading::run);
  }

  @Test
  public void booleansAreTrueOrFalseInAnyCaseAndNothingElse() {
    assertTrue(reader("b", "TRUE").bool("b", false));
    assertFalse(reader("b", " false ").bool("b", true));
    assertTrue(reader().bool("b", true));
    for (String bad : List.of("yes", "1", "", "on")) {
      SettingException error = refused(() -> reader("b", bad).bool("b", false));
      assertEquals("option --b must be true or false, got '" + bad + "'", error.getMessage());
      assertEquals("b", error.setting());
    }
  }

  @Test
  public void integersAreBoundedAndReadInOnePass() {
    assertEquals(7, reader("n", " +007 ").integer("n", 1, 1, 10));
    assertEquals(3, reader().integer("n", 3, 5, 10));
    assertEquals("option --n must be at least 5, got 4",
        refused(() -> reader("n", "4").integer("n", 5, 5, 10)).getMessage());
    assertEquals("option --n must be at most 10, got 11",
        refused(() -> reader("n", "11").integer("n", 5, 5, 10)).getMessage());
    assertEquals("option --n must be at most 2147483647, got 2147483648",
        refused(() -> reader("n", "2147483648").integer("n", 5, 0, Integer.MAX_VALUE)).getMessage());
    String huge = "9".repeat(3_000_000);
    assertEquals("option --n must be at most " + Long.MAX_VALUE + ", got " + huge.substring(0, 32)
        + "... (3000000 characters)",
        refused(() -> reader("n", huge).longValue("n", 5, 0, Long.MAX_VALUE)).getMessage());
    assertEquals(Long.MAX_VALUE, reader("n", huge).atLeast("n", 1, 1));
    assertEquals(Long.MIN_VALUE, reader("n", "-9223372036854775808").longValue("n", 0, Long.MIN_VALUE, 0));
    for (String bad : List.of("", "+", "1.5", "1e3", "0x10", "\uff15", "٣", "12a")) {
      assertEquals("option --n must be an integer, got '" + bad + "'",
          refused(() -> reader("n", bad).integer("n", 1, 0, 9)).getMessage());
    }
  }

  @Test
  public void numbersAreFiniteDecimals() {
    assertEquals(0.25, reader("w", "0.25").finiteDouble("w", 1), 0);
    assertEquals(-1e-3, reader("w", "-1e-3").finiteDouble("w", 1), 0);
    for (String bad : List.of("NaN", "Infinity", "1e999", "0x1p3", "1d", "heavy", "")) {
      assertEquals("option --w must be a finite number, got '" + bad + "'",
          refused(() -> reader("w", bad).finiteDouble("w", 1)).getMessage());
    }
  }

  private enum Colour { RED, GREEN }

  @Test
  public void choicesListTheAllowedValues() {
    Map<String, Colour> colours = SettingsReader.byLowerCaseName(Colour.class);
    assertEquals(Colour.GREEN, reader("c", "Green").choice("c", Colour.RED, colours));
    assertEquals("option --c must be one of red, green; got 'blue'",
        refused(() -> reader("c", "blue").choice("c", Colour.RED, colours)).getMessage());
  }

  @Test
  public void unknownRepeatedAndMissingSettingsAreNamed() {
    SettingException unknown = refused(() -> reader("a", "1", "colour", "red")
        .rejectUnknown(Set.of("a", "color"), "the test"));
    assertEquals("unknown option --colour of the test; known: [a, color]", unknown.getMessage());
    assertEquals("colour", unknown.setting());
    assertEquals("option --a is given 2 times; give it once",
        refused(() -> reader("a", "1", "a", "2").string("a", null)).getMessage());
    assertEquals(List.of("1", "2"), reader("a", "1", "a", "2").all("a"));
    assertEquals("option --a is required",
        refused(() -> reader("a", " ").required("a")).getMessage());
  }

  @Test
  public void escapedValuesReadNewlinesTabsAndBackslashes() {
    assertEquals(List.of("\n\n", "\t", "\r\n", "\\n", "。", " ", ""),
        reader("s", "\\n\\n", "s", "\\t", "s", "\\r\\n", "s", "\\\\n", "s", "。", "s", " ", "s", "")
            .allEscaped("s"));
    assertEquals(List.of(), reader().allEscaped("s"));
    assertEquals("option --s has an unknown escape '\\x' in 'a\\xb'; write \\n, \\r, \\t or \\\\",
        refused(() -> reader("s", "a\\xb").allEscaped("s")).getMessage());
    assertEquals("option --s ends in a lone backslash: 'a\\'; write \\\\ for a backslash",
        refused(() -> reader("s", "a\\").allEscaped("s")).getMessage());
  }
}
