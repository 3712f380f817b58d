package io.github.solrneural.store;

import io.github.solrneural.model.ModelSettings;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.TextPrefixes;
import io.github.solrneural.remote.RemoteModelSettings;
import io.github.solrneural.remote.RemoteModelSpec;
import io.github.solrneural.settings.SettingException;
import io.github.solrneural.settings.SettingsReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;

/**
 * One model as declared in solrconfig.xml: in-process with a {@code path}, or remote with a {@code
 * url}. Local paths resolve against the Solr home.
 */
record ModelDeclaration(String name, NamedList<?> declared) {
  static final String PATH = "path";

  private static final Set<String> LOCAL =
      with(with(ModelSettings.NAMES, PATH), ModelSettings.PREFIX_NAMES);

  static ModelDeclaration parse(String name, NamedList<?> declared) {
    ModelDeclaration declaration = new ModelDeclaration(name, declared);
    SettingsReader settings = declaration.settings();
    boolean local = settings.has(PATH);
    if (local == settings.has(RemoteModelSettings.URL)) {
      throw configError(
          name, "give either '" + PATH + "' (a model folder run in-process) or '"
              + RemoteModelSettings.URL + "' (a remote endpoint), "
              + (local ? "not both" : "none is given"));
    }
    read(name, () -> {
      settings.rejectUnknown(local ? LOCAL : RemoteModelSettings.NAMES);
      return ModelSettings.prefixes(settings);
    });
    return declaration;
  }

  boolean isRemote() {
    return settings().has(RemoteModelSettings.URL);
  }

  ModelSpec toSpec(Path solrHome) {
    SettingsReader settings = settings();
    return read(name, () -> ModelSettings.read(settings,
        solrHome.resolve(settings.required(PATH)).toAbsolutePath().normalize()));
  }

  /** Applied by the plugin, in-process and remote alike: a remote endpoint embeds texts as sent. */
  TextPrefixes prefixes() {
    return read(name, () -> ModelSettings.prefixes(settings()));
  }

  RemoteModelSpec toRemoteSpec() {
    return read(name, () -> RemoteModelSettings.read(settings()));
  }

  private SettingsReader settings() {
    return SolrSettings.initArgs(declared, "model '" + name + "'");
  }

  private static <T> T read(String modelName, java.util.function.Supplier<T> reading) {
    try {
      return reading.get();
    } catch (SettingException e) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw configError(modelName, e.getMessage());
    }
  }

  private static Set<String> with(Set<String> names, String more) {
    return with(names, Set.of(more));
  }

  private static Set<String> with(Set<String> names, Set<String> more) {
    Set<String> all = new HashSet<>(names);
    all.addAll(more);
    return Set.copyOf(all);
  }

  static SolrException configError(String modelName, String message) {
    return new SolrException(
        SolrException.ErrorCode.SERVER_ERROR,
        String.format(Locale.ROOT, "model '%s' in solrconfig.xml: %s", modelName, message));
  }
}
