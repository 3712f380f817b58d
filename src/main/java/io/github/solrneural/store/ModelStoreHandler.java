package io.github.solrneural.store;

import io.github.solrneural.model.EmbedderFingerprint;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelLoadException;
import io.github.solrneural.model.ModelSettings;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.PairScorer;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.model.TextPrefixes;
import io.github.solrneural.remote.RemoteModel;
import io.github.solrneural.seam.MeteredHandler;
import io.github.solrneural.seam.MetricPath;
import io.github.solrneural.seam.MetricScope;
import io.github.solrneural.seam.Meters;
import io.github.solrneural.settings.SettingException;
import io.github.solrneural.settings.SettingsReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.apache.solr.util.plugin.SolrCoreAware;

/**
 * Declares a core's named models (in solrconfig.xml, under {@code <lst name="models">}) and lists
 * them over HTTP. Parsers and update processors find models here by name only, so no request can
 * point the plugin at a file or a URL. In-process models are loaded when the core loads, shared
 * JVM-wide through {@link io.github.solrneural.model.ModelRegistry}, and released when the core
 * closes; their metrics are the node's ({@link NodeModelMetrics}). Remote models get a client of
 * their endpoint, which is not called until used.
 */
public class ModelStoreHandler extends MeteredHandler implements SolrCoreAware {
  private final Map<String, ModelDeclaration> declarations = new LinkedHashMap<>();
  private final Map<String, NamedModel> models = new LinkedHashMap<>();
  private final VectorFieldBindings vectorFields = new VectorFieldBindings();
  private final List<Runnable> loadChecks = new ArrayList<>();
  private boolean metricsAttached;
  private MetricScope metricsScope;

  /**
   * A model under the name solrconfig.xml gives it, with its text prefixes (embedders) and the
   * reranks it could not complete (cross-encoders).
   */
  private record NamedModel(
      String name, ModelBackend backend, TextPrefixes prefixes, LongAdder rerankFallbacks) {}

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    Object declared = args.get("models");
    if (!(declared instanceof NamedList)) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          getClass().getSimpleName() + " needs a <lst name=\"models\"> of named models");
    }
    for (Map.Entry<String, ?> entry : (NamedList<?>) declared) {
      if (!(entry.getValue() instanceof NamedList)) {
        throw ModelDeclaration.configError(entry.getKey(), "must be a <lst> of settings");
      }
      declarations.put(
          entry.getKey(), ModelDeclaration.parse(entry.getKey(), (NamedList<?>) entry.getValue()));
    }
  }

  @Override
  public void inform(SolrCore core) {
    // A String on Solr 9, a Path on Solr 10.
    Path solrHome = Path.of(String.valueOf(core.getCoreContainer().getSolrHome()));
    List<ModelBackend> acquired = new ArrayList<>();
    try {
      for (ModelDeclaration declaration : declarations.values()) {
        ModelBackend backend = backend(declaration, solrHome, core.getCoreContainer());
        acquired.add(backend);
        models.put(declaration.name(), new NamedModel(
            declaration.name(), backend, declaration.prefixes(), new LongAdder()));
      }
      loadChecks.forEach(Runnable::run);
    } catch (ModelLoadException | RuntimeException e) {
      acquired.forEach(ModelBackend::release);
      models.clear();
      String name = declarations.keySet().stream().skip(acquired.size()).findFirst().orElse("?");
      throw e instanceof SolrException
          ? (SolrException) e
          : ModelDeclaration.configError(name, e.getMessage());
    }
    attachMetrics();
    core.addCloseHook(
        new org.apache.solr.core.CloseHook() {
          @Override
          public void postClose(SolrCore closed) {
            StoreLookup.forget(closed);
            acquired.forEach(ModelBackend::release);
          }
        });
  }

  @Override
  protected void initializeMeters(MetricScope scope) {
    metricsScope = scope;
    attachMetrics();
  }

  /** Once both the models and the metrics context exist, whichever Solr sets up last. */
  private synchronized void attachMetrics() {
    if (metricsScope == null || models.isEmpty() || metricsAttached) {
      return;
    }
    for (NamedModel named : models.values()) {
      String[] path = {getCategory().toString(), metricsScope.name(), "model", named.name()};
      Meters meters =
          new Meters(metricsScope, new MetricPath(path, "store", Map.of("model", named.name())));
      named.backend().attachMetrics(meters);
      if (named.backend().kind() == ModelKind.CROSS_ENCODER) {
        meters.gauge("rerankFallbacks", () -> named.rerankFallbacks().sum());
      }
    }
    metricsAttached = true;
  }

  private static ModelBackend backend(
      ModelDeclaration declaration, Path solrHome, CoreContainer container)
      throws ModelLoadException {
    if (declaration.isRemote()) {
      return new RemoteBackend(RemoteModel.connect(declaration.toRemoteSpec()));
    }
    ModelSpec spec = declaration.toSpec(solrHome);
    LocalBackend.assertFolderAllowed(container, declaration.name(), spec.folder());
    return LocalBackend.acquire(spec, container.getMetricManager());
  }

  /** The core's model store; solrconfig.xml must declare exactly one. */
  public static ModelStoreHandler of(SolrCore core) {
    return StoreLookup.of(core);
  }

  /**
   * The model of the given kind that a setting (a request's local param, a component's init arg)
   * names.
   *
   * @throws SettingException naming the setting when the name is missing, unknown or of another
   *     kind
   */
  private NamedModel model(SettingsReader settings, String setting, ModelKind kind) {
    String name = settings.string(setting, null);
    if (name == null || name.isBlank()) {
      throw settings.problem(setting, "is required: the name of a configured " + kind.label()
          + " model; configured: " + models.keySet());
    }
    NamedModel named = models.get(name);
    if (named == null) {
      throw settings.problem(setting, "names unknown model '" + SettingsReader.quoted(name)
          + "'; configured: " + models.keySet());
    }
    ModelKind actual = named.backend().kind();
    if (actual != kind) {
      throw settings.problem(setting, "names model '" + name + "', which is "
          + withArticle(actual.label()) + " model, not " + withArticle(kind.label()) + " model");
    }
    return named;
  }

  private static String withArticle(String word) {
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
  }

  /**
   * The embedder for query texts: the declared query prefix goes before each.
   *
   * @throws SettingException naming the setting, as {@link #model} says
   */
  public TextEmbedder queryEmbedder(SettingsReader settings, String setting) {
    NamedModel named = model(settings, setting, ModelKind.EMBEDDING);
    return named.prefixes().forQueries(named.backend().queryEmbedder());
  }

  /**
   * The embedder for document texts: the declared document prefix goes before each.
   *
   * @throws SettingException naming the setting, as {@link #model} says
   */
  public TextEmbedder documentEmbedder(SettingsReader settings, String setting) {
    NamedModel named = model(settings, setting, ModelKind.EMBEDDING);
    return named.prefixes().forDocuments(named.backend().embedder());
  }

  /** @throws SettingException naming the setting, as {@link #model} says */
  public PairScorer crossEncoder(SettingsReader settings, String setting) {
    return model(settings, setting, ModelKind.CROSS_ENCODER).backend().pairScorer();
  }

  /** Counts the reranks with the named cross-encoder that kept their first-stage order. */
  public LongAdder rerankFallbacks(String name) {
    NamedModel named = models.get(name);
    if (named == null) {
      throw new IllegalStateException("no model '" + name + "' in this core's model store");
    }
    return named.rerankFallbacks();
  }

  /**
   * Records that an indexing chain fills the vector field, scored by the given similarity, with the
   * named model. The model's vectors must suit the similarity ({@link VectorSimilarityFit}): checked
   * here when the models are loaded, else once they are, so either way the core does not load.
   */
  public void bindVectorField(
      String field, VectorSimilarityFunction similarity, String modelName) {
    vectorFields.bind(field, similarity, modelName);
    whenModelsLoaded(() -> checkSimilarity(field, modelName));
  }

  /** Runs a check of the models once they are loaded, or now; a SolrException stops the core. */
  public void whenModelsLoaded(Runnable check) {
    if (models.isEmpty()) {
      loadChecks.add(check);
    } else {
      check.run();
    }
  }

  private void checkSimilarity(String field, String modelName) {
    NamedModel named = models.get(modelName);
    if (named == null || named.backend().kind() != ModelKind.EMBEDDING) {
      return; // the chain's own lookup of the model names that problem
    }
    String problem = VectorSimilarityFit.problem(
        field, vectorFields.similarityOf(field), modelName, named.backend().embedder());
    if (problem != null) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, problem);
    }
  }

  /** The model that indexes the field, or null when no chain of this core fills it. */
  public String modelOfVectorField(String field) {
    return vectorFields.modelOf(field);
  }

  /**
   * Whether two configured names denote the same model: same folder and settings (or endpoint),
   * and same prefixes, which change the vectors too.
   */
  public boolean sameModel(String first, String second) {
    NamedModel a = models.get(first);
    NamedModel b = models.get(second);
    return a != null && b != null && a.backend().identity().equals(b.backend().identity())
        && a.prefixes().equals(b.prefixes());
  }

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) {
    List<Object> listed = new ArrayList<>();
    for (NamedModel named : models.values()) {
      SimpleOrderedMap<Object> entry = new SimpleOrderedMap<>();
      entry.add("name", named.name());
      entry.add("kind", named.backend().kind().label());
      named.backend().describe(entry);
      if (named.backend().kind() == ModelKind.EMBEDDING) {
        entry.add(ModelSettings.QUERY_PREFIX, named.prefixes().query());
        entry.add(ModelSettings.DOCUMENT_PREFIX, named.prefixes().document());
        // What the update processor writes to embedding_model with this declaration now.
        entry.add("embeddingModel", EmbedderFingerprint.of(
            named.prefixes().forDocuments(named.backend().embedder())));
      }
      if (named.backend().kind() == ModelKind.CROSS_ENCODER) {
        entry.add("rerankFallbacks", named.rerankFallbacks().sum());
      }
      listed.add(entry);
    }
    rsp.add("models", listed);
  }

  @Override
  public String getDescription() {
    return "Named embedding and cross-encoder models of this core";
  }

  @Override
  public Name getPermissionName(AuthorizationContext request) {
    return Name.CONFIG_READ_PERM;
  }
}
