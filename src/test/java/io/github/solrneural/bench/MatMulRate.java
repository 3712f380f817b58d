package io.github.solrneural.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The float32 matrix-multiply rate an engine reaches on this machine: ONNX Runtime on a one-node
 * MatMul model this class writes, PyTorch on DJL's NDArray.matMul. Two shapes, a square one and one
 * shaped like a batch of tokens through a feed-forward layer, each run two ways: one product on all
 * the threads a pass may use, and one single-threaded product per core at once (the plugin's
 * default split). The best rate of all is the floor's divisor. A probe runs as one more contender
 * in the rounds it is the floor of, so that it meets the same load from other processes as they do.
 */
abstract class MatMulRate implements AutoCloseable {
  static final int[][] SHAPES = {{1024, 1024, 1024}, {4096, 384, 1536}};
  private static final int RUNS_PER_ROUND = 3;
  static final int CORES = Runtime.getRuntime().availableProcessors();

  /** Per shape, then per way (0: one product, 1: one per core at once): milliseconds per run. */
  private final List<List<List<Double>>> millis = new ArrayList<>();
  private final int threads;
  private final ExecutorService cores =
      Executors.newFixedThreadPool(CORES, task -> {
        Thread thread = new Thread(task, "matmul-probe");
        thread.setDaemon(true);
        return thread;
      });

  MatMulRate(int threads) {
    this.threads = threads;
    for (int i = 0; i < SHAPES.length; i++) {
      millis.add(List.of(new ArrayList<>(), new ArrayList<>()));
    }
  }

  static MatMulRate onnxRuntime(int intraOpThreads) throws Exception {
    return new OnnxRuntimeRate(intraOpThreads);
  }

  /** With the JVM's PyTorch threads (-Dai.djl.pytorch.num_threads). */
  static MatMulRate pyTorch() {
    return new PyTorchRate(Integer.getInteger("ai.djl.pytorch.num_threads", 0));
  }

  /** The probe as a contender; its time is not a figure of its own. */
  Interleaved.Contender contender(String key) {
    return new Interleaved.Contender(key, this::round);
  }

  private double round() throws Exception {
    double total = 0;
    for (int shape = 0; shape < SHAPES.length; shape++) {
      for (int run = 0; run < RUNS_PER_ROUND; run++) {
        long start = System.nanoTime();
        multiply(shape, 0);
        double one = (System.nanoTime() - start) / 1e6;
        millis.get(shape).get(0).add(one);
        final int s = shape;
        List<Future<?>> running = new ArrayList<>();
        start = System.nanoTime();
        for (int core = 0; core < CORES; core++) {
          final int c = core;
          running.add(cores.submit(() -> {
            multiplySingleThreaded(s, c);
            return null;
          }));
        }
        for (Future<?> future : running) {
          future.get();
        }
        double perCore = (System.nanoTime() - start) / 1e6;
        millis.get(shape).get(1).add(perCore);
        total += one + perCore;
      }
    }
    return total;
  }

  /** GFLOP/s per shape and way (median over the runs), and the best of them. */
  Map<String, Object> rates() {
    Map<String, Object> rates = new LinkedHashMap<>();
    rates.put("threads_of_one_product", threads);
    double best = 0;
    for (int shape = 0; shape < SHAPES.length; shape++) {
      int[] s = SHAPES[shape];
      double flops = 2.0 * s[0] * s[1] * s[2];
      String name = s[0] + "x" + s[1] + "x" + s[2];
      double one = flops / (median(millis.get(shape).get(0)) * 1e6);
      double perCore = CORES * flops / (median(millis.get(shape).get(1)) * 1e6);
      rates.put(name + "_one_product_gflops", Report.round(one, 1));
      rates.put(name + "_one_single_threaded_product_per_core_gflops", Report.round(perCore, 1));
      best = Math.max(best, perCoreWayApplies() ? Math.max(one, perCore) : one);
    }
    rates.put("best_gflops", Report.round(best, 1));
    return rates;
  }

  private static double median(List<Double> values) {
    return Interleaved.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Whether the contenders can use the cores as separate passes (and so the per-core rate). */
  boolean perCoreWayApplies() {
    return true;
  }

  /**
   * The floor of work of the given FLOPs at the best rate measured: puts its figures under "floor"
   * and the plugin's share of it under a ratio key, and adds its table row.
   *
   * @param unit what the items are (pairs, chunks), for the rate's key and row
   */
  void reportFloor(Report report, String label, String engineName, Map<String, Object> figures,
      double flops, double pluginMillis, int items, String unit) {
    Map<String, Object> rates = rates();
    double rate = (double) rates.get("best_gflops");
    double floorMillis = flops / (rate * 1e9) * 1000;
    Map<String, Object> floor = new LinkedHashMap<>();
    floor.put("matmul_rate", rates);
    floor.put("floor_ms", Report.round(floorMillis, 1));
    floor.put(unit + "_per_second_at_floor", Report.round(items / floorMillis * 1000, 1));
    floor.put("achieved_gflops_plugin", Report.round(flops / pluginMillis / 1e6, 1));
    figures.put("floor", floor);
    figures.put("ratio_achieved_flop_rate_vs_matmul_rate", Report.round(floorMillis / pluginMillis, 3));
    report.row(label, "floor: matmul FLOPs / " + engineName + " matmul rate ("
            + Report.format("%.0f", rate) + " GFLOP/s)", floorMillis,
        Report.format("%.1f " + unit + "/s", items / floorMillis * 1000),
        Report.format("plugin reaches %.0f%% of it", 100 * floorMillis / pluginMillis));
  }

  /** One product of the shape on all the threads of a pass. */
  abstract void multiply(int shape, int core) throws Exception;

  /** One single-threaded product of the shape, for the given core. */
  abstract void multiplySingleThreaded(int shape, int core) throws Exception;

  void closeProbeThreads() {
    cores.shutdownNow();
  }


  private static final class OnnxRuntimeRate extends MatMulRate {
    /** Per shape: the session on all the threads, then one single-threaded session per core. */
    private final List<List<OrtSession>> sessions = new ArrayList<>();
    private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>();

    OnnxRuntimeRate(int intraOpThreads) throws Exception {
      super(intraOpThreads);
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      for (int[] shape : SHAPES) {
        List<OrtSession> forShape = new ArrayList<>();
        byte[] model = OnnxMatMuls.matMulModel(shape[0], shape[1], shape[2]);
        forShape.add(session(environment, model, intraOpThreads));
        for (int core = 0; core < CORES; core++) {
          forShape.add(session(environment, model, 1));
        }
        sessions.add(forShape);
        inputs.add(Map.of("A", tensor(environment, shape[0], shape[1]), "B", tensor(environment, shape[1], shape[2])));
      }
    }

    private static OrtSession session(OrtEnvironment environment, byte[] model, int threads) throws Exception {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        return environment.createSession(model, options);
      }
    }

    @Override
    void multiply(int shape, int core) throws Exception {
      run(sessions.get(shape).get(0), shape);
    }

    @Override
    void multiplySingleThreaded(int shape, int core) throws Exception {
      run(sessions.get(shape).get(1 + core), shape);
    }

    private void run(OrtSession session, int shape) throws Exception {
      try (OrtSession.Result ignored = session.run(inputs.get(shape))) {
        // the product stays in native memory and is freed here
      }
    }

    private static OnnxTensor tensor(OrtEnvironment environment, int rows, int columns) throws Exception {
      Random random = new Random(rows * 31L + columns);
      float[] values = new float[rows * columns];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextFloat() * 2 - 1;
      }
      return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), new long[] {rows, columns});
    }

    @Override
    public void close() throws Exception {
      closeProbeThreads();
      for (Map<String, OnnxTensor> pair : inputs) {
        pair.values().forEach(OnnxTensor::close);
      }
      for (List<OrtSession> forShape : sessions) {
        for (OrtSession session : forShape) {
          session.close();
        }
      }
    }
  }

  /**
   * PyTorch's threads are per JVM: one product uses them all, and the products of several Java
   * threads at once use them each, which is the per-core way when the JVM has one thread per pass.
   */
  private static final class PyTorchRate extends MatMulRate {
    private final NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
    private final List<NDArray[]> operands = new ArrayList<>();

    PyTorchRate(int threads) {
      super(threads);
      for (int[] shape : SHAPES) {
        operands.add(new NDArray[] {
          manager.randomUniform(-1, 1, new Shape(shape[0], shape[1])),
          manager.randomUniform(-1, 1, new Shape(shape[1], shape[2]))
        });
      }
    }

    @Override
    void multiply(int shape, int core) {
      NDArray[] pair = operands.get(shape);
      try (NDArray ignored = pair[0].matMul(pair[1])) {
        // computed eagerly on the CPU, freed here
      }
    }

    @Override
    void multiplySingleThreaded(int shape, int core) {
      multiply(shape, core);
    }

    /** The PyTorch contenders run one pass at a time on the JVM's threads. */
    @Override
    boolean perCoreWayApplies() {
      return false;
    }

    @Override
    public void close() {
      closeProbeThreads();
      manager.close();
    }
  }
}
