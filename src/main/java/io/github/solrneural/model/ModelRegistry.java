package io.github.solrneural.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide set of loaded models, keyed by spec and reference-counted: every core that declares
 * the same folder and settings shares one loaded model, which closes when the last one releases it.
 * One registry per classloader holding the plugin, which in production is one per Solr node.
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final ModelRegistry INSTANCE = new ModelRegistry();

  private final Map<ModelSpec, Entry> entries = new HashMap<>();

  private static final class Entry {
    final LoadedModel model;
    int references;

    Entry(LoadedModel model) {
      this.model = model;
    }
  }

  public static ModelRegistry get() {
    return INSTANCE;
  }

  /** Returns the loaded model for the spec, loading it on first use; release it when done. */
  public synchronized LoadedModel acquire(ModelSpec spec) throws ModelLoadException {
    Entry entry = entries.get(spec);
    if (entry == null) {
      entry = new Entry(LoadedModel.load(spec));
      entries.put(spec, entry);
      LOG.info("loaded {} model {} ({}, sha256 {}) in {} ms", spec.kind().label(), spec.modelFile(),
          spec.engine().djlName(), entry.model.modelFileSha256(), entry.model.loadMillis());
    }
    entry.references++;
    return entry.model;
  }

  public synchronized void release(ModelSpec spec) {
    Entry entry = entries.get(spec);
    if (entry == null) {
      return;
    }
    if (--entry.references == 0) {
      entries.remove(spec);
      entry.model.close();
      LOG.info("closed model {}", spec.modelFile());
    }
  }

  /** The specs loaded right now, a snapshot. */
  public synchronized Set<ModelSpec> loaded() {
    return Set.copyOf(entries.keySet());
  }

  public synchronized int referenceCount(ModelSpec spec) {
    Entry entry = entries.get(spec);
    return entry == null ? 0 : entry.references;
  }
}
