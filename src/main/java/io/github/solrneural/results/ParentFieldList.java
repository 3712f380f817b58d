package io.github.solrneural.results;

import io.github.solrneural.settings.SettingsReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The {@code fl} of {@code [parent fl=...]}: explicit field names, each readable, at most a cap. */
final class ParentFieldList {
  static final String FIELDS = "fl";

  private ParentFieldList() {}

  /**
   * Reads {@code fl}: names separated by commas or spaces, no globs, no duplicates counted twice.
   *
   * @param problemOf what is wrong with a field name (unknown, neither stored nor docValues), or
   *     {@code null} when it can be returned
   * @param owner how the transformer is named in messages, such as {@code [parent]}
   * @throws io.github.solrneural.settings.SettingException naming {@code fl}
   */
  static List<String> read(
      SettingsReader params, Function<String, String> problemOf, int max, String owner) {
    String value = params.string(FIELDS, "");
    Set<String> names = new LinkedHashSet<>();
    for (String name : value.split("[,\\s]+")) {
      if (name.isEmpty()) {
        continue;
      }
      String problem = problemOf.apply(name);
      if (problem != null) {
        throw params.problem(FIELDS, "of " + owner + " " + problem);
      }
      names.add(name);
      if (names.size() > max) {
        throw params.problem(FIELDS, "of " + owner + " names more than " + max + " fields");
      }
    }
    if (names.isEmpty()) {
      throw params.problem(FIELDS, "of " + owner + " is required: the source document's fields to"
          + " return, such as fl=id,title");
    }
    return new ArrayList<>(names);
  }
}
