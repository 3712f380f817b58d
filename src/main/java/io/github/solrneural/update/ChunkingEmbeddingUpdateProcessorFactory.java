package io.github.solrneural.update;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.seam.MeteredComponent;
import io.github.solrneural.seam.MetricScope;
import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.ModelStoreHandler;
import io.github.solrneural.store.SolrSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.core.SolrInfoBean;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.schema.DenseVectorField;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;
import org.apache.solr.util.plugin.SolrCoreAware;

/**
 * Splits the text of each added document into chunks and embeds each one with a configured model.
 * Each chunk becomes a child document (text, position, vector); with {@code chunking=false} the
 * document itself gets the vector of its whole text.
 *
 * <p>Place it before DistributedUpdateProcessorFactory: then only the node that receives the update
 * embeds, and leaders and replicas index the finished block as sent.
 */
public class ChunkingEmbeddingUpdateProcessorFactory extends UpdateRequestProcessorFactory
    implements SolrCoreAware, SolrInfoBean, MeteredComponent {
  private SettingsReader initArgs;
  private ChunkingConfig config;
  private ReuseSettings reuse;
  private SolrMetricsContext metricsContext;
  private ProcessorMetrics metrics;
  private ChainTolerance tolerance;

  @Override
  public void init(NamedList<?> args) {
    initArgs = ChunkingConfig.settingsOf(args);
    config = ChunkingConfig.from(initArgs);
    reuse = ReuseSettings.from(initArgs);
  }

  @Override
  public void inform(SolrCore core) {
    IndexSchema schema = core.getLatestSchema();
    SchemaField vectorField = schema.getFieldOrNull(config.vectorField());
    if (vectorField == null || !(vectorField.getType() instanceof DenseVectorField)) {
      throw configError("vectorField '" + config.vectorField() + "' is not a DenseVectorField");
    }
    List<String> needed = new ArrayList<>(config.inputFields());
    if (config.chunking()) {
      needed.addAll(
          List.of(
              config.chunkTextField(),
              config.chunkIndexField(),
              config.chunkStartField(),
              config.chunkEndField()));
      if (!schema.isUsableForChildDocs()) {
        throw configError("chunks are child documents: the schema needs the _root_ field");
      }
    }
    needed.add(config.truncatedField());
    needed.add(reuse.keyField());
    needed.add(reuse.modelField());
    if (config.onEmbeddingFailure() == EmbeddingFailurePolicy.MARK) {
      needed.add(config.statusField());
    }
    for (String field : needed) {
      if (schema.getFieldOrNull(field) == null) {
        throw configError("field '" + field + "' is not in the schema");
      }
    }
    ModelStoreHandler store = ModelStoreHandler.of(core);
    store.bindVectorField(config.vectorField(),
        ((DenseVectorField) vectorField.getType()).getSimilarityFunction(), config.modelName());
    if (config.chunking() && config.chunkUnit() == ChunkUnit.TOKENS) {
      // The model's tokenizer and max length are known once the store has loaded it.
      store.whenModelsLoaded(() -> SolrSettings.config(() -> ChunkLength.of(
          config, store.documentEmbedder(initArgs, ChunkingConfig.MODEL), initArgs)));
    }
    // Solr puts no update processor factory in the core's info registry; once there, the admin UI
    // (Plugins / Stats, UPDATE) shows it, and Solr calls initializeMetrics with this key.
    core.registerInfoBean(ProcessorMetrics.scope(config), this);
    tolerance = ChainTolerance.of(core, this);
  }

  @Override
  public UpdateRequestProcessor getInstance(
      SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessor next) {
    SolrCore core = req.getCore();
    ModelStoreHandler store = ModelStoreHandler.of(core);
    TextEmbedder embedder =
        SolrSettings.config(() -> store.documentEmbedder(initArgs, ChunkingConfig.MODEL));
    int dimension =
        ((DenseVectorField) core.getLatestSchema().getField(config.vectorField()).getType())
            .getDimension();
    if (embedder.dimension() != dimension) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          "model '" + config.modelName() + "' makes " + embedder.dimension()
              + "-dimensional vectors but vectorField '" + config.vectorField() + "' holds "
              + dimension);
    }
    RecursiveTextSplitter splitter =
        config.chunking() ? config.splitter(chunkLength(embedder)) : null;
    String uniqueKey = core.getLatestSchema().getUniqueKeyField().getName();
    List<String> derivedFields =
        List.of(
            config.chunksField(),
            config.vectorField(),
            config.truncatedField(),
            config.statusField(),
            reuse.keyField(),
            reuse.modelField());
    DocumentText documentText = new DocumentText(config, dimension);
    boolean reuseStored = reuse.reuseFor(req);
    StoredBlocks storedBlocks = new StoredBlocks(req, uniqueKey, reuse.readBatch(), reuseStored);
    EmbeddingKeys keys = EmbeddingKeys.of(embedder.identity(), config);
    return new ChunkingEmbeddingUpdateProcessor(
        config,
        new BatchEmbedding(config, embedder, uniqueKey, metrics, keys, reuse),
        new VectorReuse(config, reuse, keys, documentText, dimension,
            reuseStored ? storedBlocks : null),
        splitter,
        uniqueKey,
        metrics,
        documentText,
        tolerance.ledgerFor(req),
        new RequestDocuments(req, uniqueKey, storedBlocks, derivedFields),
        next);
  }

  /** @throws SolrException a 500 naming the setting at fault, as for other bad settings */
  private ToIntFunction<String> chunkLength(TextEmbedder embedder) {
    return SolrSettings.config(() -> ChunkLength.of(config, embedder, initArgs));
  }

  @Override
  public String getName() {
    return getClass().getName();
  }

  @Override
  public String getDescription() {
    return "Embeds " + String.join(", ", config.inputFields()) + " with model '"
        + config.modelName() + "' into " + config.vectorField()
        + (config.chunking() ? ", in chunks of " + config.chunkSize() + " "
            + config.chunkUnit().name().toLowerCase(Locale.ROOT)
            + " (child documents in " + config.chunksField() + ")" : "");
  }

  @Override
  public Category getCategory() {
    return Category.UPDATE;
  }

  @Override
  public void initializeMeters(MetricScope scope) {
    metricsContext = scope.context();
    metrics = new ProcessorMetrics(scope, ProcessorMetrics.scope(config));
  }

  @Override
  public SolrMetricsContext getSolrMetricsContext() {
    return metricsContext;
  }

  private SolrException configError(String message) {
    return new SolrException(
        SolrException.ErrorCode.SERVER_ERROR, getClass().getSimpleName() + ": " + message);
  }
}
