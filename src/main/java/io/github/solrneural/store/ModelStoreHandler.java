package io.github.solrneural.store;

import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelLoadException;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.core.PluginBag;
import org.apache.solr.core.SolrCore;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestHandler;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.apache.solr.util.plugin.SolrCoreAware;

/**
 * Declares a core's named models (in solrconfig.xml, under {@code <lst name="models">}) and lists
 * them over HTTP. Parsers and update processors find models here by name only, so no request can
 * point the plugin at a file. Models are loaded when the core loads, shared JVM-wide through {@link
 * ModelRegistry}, and released when the core closes.
 */
public class ModelStoreHandler extends RequestHandlerBase implements SolrCoreAware {
  private final Map<String, ModelDeclaration> declarations = new LinkedHashMap<>();
  private final Map<String, NamedModel> models = new LinkedHashMap<>();
  private final Map<String, String> fieldModels = new ConcurrentHashMap<>();

  /** A loaded model under the name solrconfig.xml gives it. */
  public record NamedModel(String name, LoadedModel model) {}

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
    Path solrHome = Path.of(core.getCoreContainer().getSolrHome());
    List<ModelSpec> acquired = new ArrayList<>();
    try {
      for (ModelDeclaration declaration : declarations.values()) {
        ModelSpec spec = declaration.toSpec(solrHome);
        LoadedModel model = ModelRegistry.get().acquire(spec);
        acquired.add(spec);
        models.put(declaration.name(), new NamedModel(declaration.name(), model));
      }
    } catch (ModelLoadException | RuntimeException e) {
      acquired.forEach(ModelRegistry.get()::release);
      models.clear();
      String name = declarations.keySet().stream().skip(acquired.size()).findFirst().orElse("?");
      throw e instanceof SolrException
          ? (SolrException) e
          : ModelDeclaration.configError(name, e.getMessage());
    }
    core.addCloseHook(
        new org.apache.solr.core.CloseHook() {
          @Override
          public void postClose(SolrCore closed) {
            acquired.forEach(ModelRegistry.get()::release);
          }
        });
  }

  /** The core's model store; solrconfig.xml must declare exactly one. */
  public static ModelStoreHandler of(SolrCore core) {
    ModelStoreHandler found = null;
    for (PluginBag.PluginHolder<SolrRequestHandler> holder :
        core.getRequestHandlers().getRegistry().values()) {
      // Look at loaded handlers and at our own class only: getting a lazy handler would load it.
      boolean ours =
          holder.isLoaded()
              ? holder.get() instanceof ModelStoreHandler
              : ModelStoreHandler.class.getName().equals(holder.getClassName());
      if (!ours) {
        continue;
      }
      ModelStoreHandler handler = (ModelStoreHandler) holder.get();
      if (found != null && found != handler) {
        throw new SolrException(
            SolrException.ErrorCode.SERVER_ERROR,
            "solrconfig.xml declares more than one " + ModelStoreHandler.class.getSimpleName());
      }
      found = handler;
    }
    if (found == null) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          "solrconfig.xml declares no " + ModelStoreHandler.class.getName()
              + " request handler with the models");
    }
    return found;
  }

  /**
   * The model of the given kind named by a request parameter.
   *
   * @throws SolrException 400 naming the parameter when the name is unknown or of another kind
   */
  public LoadedModel model(String name, ModelKind kind, String parameter) {
    if (name == null || name.isBlank()) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST,
          "parameter '" + parameter + "' is required: the name of a configured " + kind.label()
              + " model; configured: " + models.keySet());
    }
    NamedModel named = models.get(name);
    if (named == null) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST,
          "parameter '" + parameter + "' names unknown model '" + name + "'; configured: "
              + models.keySet());
    }
    ModelKind actual = named.model().spec().kind();
    if (actual != kind) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST,
          "parameter '" + parameter + "' names model '" + name + "', which is a " + actual.label()
              + " model, not a " + kind.label() + " model");
    }
    return named.model();
  }

  public Embedder embedder(String name, String parameter) {
    return new Embedder(model(name, ModelKind.EMBEDDING, parameter));
  }

  public CrossEncoder crossEncoder(String name, String parameter) {
    return new CrossEncoder(model(name, ModelKind.CROSS_ENCODER, parameter));
  }

  /** Records that an indexing chain fills the vector field with the named model. */
  public void bindVectorField(String field, String modelName) {
    String previous = fieldModels.putIfAbsent(field, modelName);
    if (previous != null && !previous.equals(modelName)) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          "vector field '" + field + "' is filled by model '" + previous + "' in one update chain"
              + " and by '" + modelName + "' in another");
    }
  }

  /** The model that indexes the field, or null when no chain of this core fills it. */
  public String modelOfVectorField(String field) {
    return fieldModels.get(field);
  }

  /** Whether two configured names denote the same model (same folder and settings). */
  public boolean sameModel(String first, String second) {
    NamedModel a = models.get(first);
    NamedModel b = models.get(second);
    return a != null && b != null && a.model().spec().equals(b.model().spec());
  }

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) {
    List<Object> listed = new ArrayList<>();
    for (NamedModel named : models.values()) {
      ModelSpec spec = named.model().spec();
      SimpleOrderedMap<Object> entry = new SimpleOrderedMap<>();
      entry.add("name", named.name());
      entry.add("kind", spec.kind().label());
      entry.add("engine", spec.engine().djlName());
      entry.add("path", spec.folder().toString());
      entry.add("modelFile", spec.modelFileName());
      entry.add("variant", spec.variant().isEmpty() ? "default" : spec.variant());
      entry.add("outputDimension", named.model().outputDimension());
      entry.add("maxLength", spec.maxLength());
      if (spec.kind() == ModelKind.EMBEDDING) {
        entry.add("pooling", spec.pooling().name().toLowerCase(java.util.Locale.ROOT));
        entry.add("normalize", spec.normalize());
      }
      entry.add("batchSize", spec.batchSize());
      entry.add("maxBatchTokens", spec.maxBatchTokens());
      entry.add("maxConcurrentInferences", spec.maxConcurrentInferences());
      if (spec.engine() == ModelEngine.ONNX_RUNTIME) {
        entry.add("intraOpThreads", spec.effectiveIntraOpThreads());
      }
      entry.add("loadMillis", named.model().loadMillis());
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
