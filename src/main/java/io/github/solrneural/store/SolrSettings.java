package io.github.solrneural.store;

import io.github.solrneural.settings.SettingsReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;

/**
 * Solr's sources of settings as {@link SettingsReader}s: a query's local params, whose mistakes are
 * the request's (400), and a component's init args in solrconfig.xml, whose mistakes stop the core
 * (500).
 */
public final class SolrSettings {
  private SolrSettings() {}

  /** Local params, named {@code parameter 'name'}. */
  public static SettingsReader localParams(SolrParams params) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (params != null) {
      for (Iterator<String> names = params.getParameterNamesIterator(); names.hasNext(); ) {
        String name = names.next();
        String[] given = params.getParams(name);
        values.put(name, given == null ? List.of() : List.of(given));
      }
    }
    return new SettingsReader(values, name -> "parameter '" + name + "'");
  }

  /**
   * Init args of a component of solrconfig.xml, named {@code setting 'name' of <owner> in
   * solrconfig.xml}.
   */
  public static SettingsReader initArgs(NamedList<?> args, String owner) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (args != null) {
      for (Map.Entry<String, ?> entry : args) {
        if (entry.getValue() != null) {
          values.computeIfAbsent(entry.getKey(), name -> new ArrayList<>())
              .add(entry.getValue().toString());
        }
      }
    }
    return new SettingsReader(
        values, name -> "setting '" + name + "' of " + owner + " in solrconfig.xml");
  }

  /** Reads request settings: a bad one is a 400 with the reader's message. */
  public static <T> T request(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, e.getMessage(), e);
    }
  }

  /** Reads solrconfig.xml settings: a bad one is a 500 that stops the core. */
  public static <T> T config(Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, e.getMessage(), e);
    }
  }
}
