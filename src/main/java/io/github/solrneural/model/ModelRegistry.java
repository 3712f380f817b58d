package io.github.solrneural.model;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide set of loaded models, keyed by spec and reference-counted: every core that declares
 * the same folder and settings shares one loaded model, which closes when the last one releases it.
 * One registry per classloader holding the plugin, which in production is one per Solr node.
 *
 * <p>Models of different specs load side by side: no lock is held while a model loads. The first
 * acquirer of a spec loads it; acquirers arriving meanwhile wait for that load and share its
 * outcome. A failed load is forgotten, so the next acquire tries again.
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final ModelRegistry INSTANCE = new ModelRegistry(LoadedModel::load);

  /** Loads a model; tests pass one that waits for them. */
  @FunctionalInterface
  interface Loader {
    LoadedModel load(ModelSpec spec) throws ModelLoadException;
  }

  /** One spec's model, loaded or loading; its count changes only inside the map's compute. */
  private static final class Entry {
    final CompletableFuture<LoadedModel> model = new CompletableFuture<>();
    volatile int references;
  }

  private final Loader loader;
  private final Map<ModelSpec, Entry> entries = new ConcurrentHashMap<>();

  ModelRegistry(Loader loader) {
    this.loader = loader;
  }

  public static ModelRegistry get() {
    return INSTANCE;
  }

  /** Returns the loaded model for the spec, loading it on first use; release it when done. */
  public LoadedModel acquire(ModelSpec spec) throws ModelLoadException {
    Entry[] created = new Entry[1];
    Entry entry =
        entries.compute(
            spec,
            (key, existing) -> {
              Entry held = existing;
              if (held == null) {
                held = new Entry();
                created[0] = held;
              }
              held.references++;
              return held;
            });
    if (created[0] != null) {
      load(spec, entry);
    }
    return await(entry);
  }

  private void load(ModelSpec spec, Entry entry) {
    try {
      LoadedModel model = loader.load(spec);
      LOG.info("loaded {} model {} ({}, sha256 {}) in {} ms", spec.kind().label(),
          spec.modelFile(), spec.engine().djlName(), model.modelFileSha256(), model.loadMillis());
      entry.model.complete(model);
    } catch (Throwable e) { // whatever failed, waiters hear of it and nobody waits for it again
      entries.remove(spec, entry);
      entry.model.completeExceptionally(e);
    }
  }

  /** Waits for the entry's load, which no interrupt stops either. */
  private static LoadedModel await(Entry entry) throws ModelLoadException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return entry.model.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof ModelLoadException) {
            throw (ModelLoadException) cause;
          }
          Unchecked.rethrowIfUnchecked(cause);
          throw new ModelLoadException("cannot load model: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Gives back one reference; the last one closes the model, or, if it is still loading, has it
   * closed once loaded. A release with no reference held does nothing.
   */
  public void release(ModelSpec spec) {
    Entry[] last = new Entry[1];
    entries.computeIfPresent(
        spec,
        (key, entry) -> {
          if (--entry.references > 0) {
            return entry;
          }
          last[0] = entry;
          return null;
        });
    if (last[0] != null) {
      last[0].model.thenAccept(
          model -> {
            model.close();
            LOG.info("closed model {}", spec.modelFile());
          });
    }
  }

  /** The specs loaded right now (not those still loading), a snapshot. */
  public Set<ModelSpec> loaded() {
    return entries.entrySet().stream()
        .filter(entry -> entry.getValue().model.isDone()
            && !entry.getValue().model.isCompletedExceptionally())
        .map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** References held, counting acquirers still waiting for the load. */
  public int referenceCount(ModelSpec spec) {
    Entry entry = entries.get(spec);
    return entry == null ? 0 : entry.references;
  }
}
