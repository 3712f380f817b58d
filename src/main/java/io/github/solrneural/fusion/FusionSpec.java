package io.github.solrneural.fusion;

import io.github.solrneural.settings.SettingsReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one fusion asks for, read and checked: the sub-queries by name, each one's weight, the
 * method and its settings, and how many hits each sub-query contributes. Names follow Solr 9.11's
 * combined query ({@code combiner.query}, {@code combiner.algorithm}, {@code combiner.rrf.k}).
 *
 * @param names the request parameters holding the sub-queries, in the order given
 * @param weights each sub-query's weight, in the order of {@code names}
 */
public record FusionSpec(List<String> names, List<Double> weights, FusionMethod method, int rrfK,
    Normalization normalization, int upTo) {
  public static final String QUERY = "combiner.query";
  public static final String ALGORITHM = "combiner.algorithm";
  public static final String RRF_K = "combiner.rrf.k";
  public static final String WEIGHT_PREFIX = "combiner.weight.";
  public static final String NORMALIZATION = "combiner.linear.normalization";
  public static final String UP_TO = "combiner.upTo";
  /** As Solr 9.11's combined query (CombinerParams.DEFAULT_COMBINER_RRF_K). */
  public static final int DEFAULT_RRF_K = 60;
  /** As Solr 9.11's combined query (CombinerParams.DEFAULT_MAX_COMBINER_QUERIES). */
  public static final int MAX_QUERIES = 5;
  public static final int MIN_QUERIES = 2;
  public static final int DEFAULT_UP_TO = 100;
  /** The settings a parser's declaration may give defaults for. */
  public static final Set<String> DEFAULTABLE = Set.of(ALGORITHM, RRF_K, NORMALIZATION, UP_TO);

  public FusionSpec {
    names = List.copyOf(names);
    weights = List.copyOf(weights);
  }

  /**
   * Reads a fusion's settings.
   *
   * @param maxUpTo the largest {@code combiner.upTo} allowed
   * @throws io.github.solrneural.settings.SettingException naming the setting at fault
   */
  public static FusionSpec read(SettingsReader params, int maxUpTo) {
    List<String> names = names(params);
    return new FusionSpec(names, weights(params, names), method(params),
        params.integer(RRF_K, DEFAULT_RRF_K, 1, Integer.MAX_VALUE), normalization(params),
        upTo(params, maxUpTo));
  }

  /**
   * Checks the settings a parser's declaration may give defaults for, as {@link #read} would.
   *
   * @throws io.github.solrneural.settings.SettingException naming the setting at fault
   */
  public static void checkDefaults(SettingsReader initArgs, int maxUpTo) {
    method(initArgs);
    initArgs.integer(RRF_K, DEFAULT_RRF_K, 1, Integer.MAX_VALUE);
    normalization(initArgs);
    upTo(initArgs, maxUpTo);
  }

  private static FusionMethod method(SettingsReader params) {
    return params.choice(
        ALGORITHM, FusionMethod.RRF, SettingsReader.byLowerCaseName(FusionMethod.class));
  }

  private static Normalization normalization(SettingsReader params) {
    return params.choice(
        NORMALIZATION, Normalization.MINMAX, SettingsReader.byLowerCaseName(Normalization.class));
  }

  /** The settings that {@link #read} may read for these sub-queries: the others are unknown. */
  public static Set<String> known(List<String> names) {
    Set<String> known = new HashSet<>(DEFAULTABLE);
    known.add(QUERY);
    for (String name : names) {
      known.add(WEIGHT_PREFIX + name);
    }
    return known;
  }

  /** The sub-queries' names: comma-separated, repeated, or both; 2 to 5, each once. */
  public static List<String> names(SettingsReader params) {
    List<String> given = params.all(QUERY);
    if (given.isEmpty()) {
      throw params.problem(QUERY, "is required: the names of " + MIN_QUERIES + " to " + MAX_QUERIES
          + " request parameters holding the sub-queries, as in " + QUERY + "=lexical,vector");
    }
    Set<String> names = new LinkedHashSet<>();
    for (String value : given) {
      for (String name : value.split(",", -1)) {
        String trimmed = name.trim();
        if (trimmed.isEmpty()) {
          throw params.problem(QUERY, "has an empty name in '" + SettingsReader.quoted(value) + "'");
        }
        if (!names.add(trimmed)) {
          throw params.problem(QUERY, "names '" + SettingsReader.quoted(trimmed) + "' twice");
        }
        if (names.size() > MAX_QUERIES) {
          throw params.problem(QUERY, "names more than " + MAX_QUERIES + " sub-queries");
        }
      }
    }
    if (names.size() < MIN_QUERIES) {
      throw params.problem(QUERY, "names " + names.size() + " sub-query; fusion needs "
          + MIN_QUERIES + " to " + MAX_QUERIES);
    }
    return new ArrayList<>(names);
  }

  private static List<Double> weights(SettingsReader params, List<String> names) {
    List<Double> weights = new ArrayList<>(names.size());
    for (String name : names) {
      double weight = params.finiteDouble(WEIGHT_PREFIX + name, 1.0);
      if (weight < 0) {
        throw params.problem(WEIGHT_PREFIX + name, "must be at least 0, got " + weight);
      }
      weights.add(weight);
    }
    return weights;
  }

  private static int upTo(SettingsReader params, int maxUpTo) {
    long upTo = params.atLeast(UP_TO, Math.min(DEFAULT_UP_TO, maxUpTo), 1);
    if (upTo > maxUpTo) {
      throw params.problem(UP_TO, "must be at most " + maxUpTo + " (the parser's maxUpTo), got "
          + SettingsReader.quoted(params.string(UP_TO, "").trim()));
    }
    return (int) upTo;
  }

  /** The weight of the named sub-query. */
  public double weight(String name) {
    int index = names.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no sub-query named " + name + " in " + names);
    }
    return weights.get(index);
  }

  /** How explanations describe the method and its settings. */
  public String describe() {
    if (method == FusionMethod.RRF) {
      return "rrf fusion (k=" + rrfK + ", each sub-query's top " + upTo
          + "): sum of weight/(k+rank) over the sub-queries that rank the document";
    }
    return "linear fusion (" + normalization.name().toLowerCase(java.util.Locale.ROOT)
        + " normalisation over each sub-query's top " + upTo
        + "): sum of weight*normalised score over the sub-queries that rank the document";
  }
}
