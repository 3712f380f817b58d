package io.github.solrneural.store;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.solr.common.SolrException;
import org.apache.solr.core.PluginBag;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.SolrRequestHandler;

/**
 * Finds a core's model store once, not on every request: cached per core, forgotten when the core
 * closes. A reloaded core is a new core with a new store, so it is looked up afresh.
 */
final class StoreLookup {
  // Weak keys: a core whose store never got to register its close hook is not kept alive.
  private static final Map<SolrCore, ModelStoreHandler> BY_CORE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private StoreLookup() {}

  static ModelStoreHandler of(SolrCore core) {
    ModelStoreHandler store = BY_CORE.get(core);
    if (store == null) {
      store = scan(core);
      BY_CORE.put(core, store);
    }
    return store;
  }

  static void forget(SolrCore core) {
    BY_CORE.remove(core);
  }

  /** solrconfig.xml must declare exactly one store. */
  private static ModelStoreHandler scan(SolrCore core) {
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
}
