// Starts a Causeway data plane from a declarative file for bench/proxy-bench.sh.
// Run with: java -cp <gateway classes and dependencies> bench/proxy/DataPlaneBench.java KONG_YAML PORT STATUS_PORT DATA_DIR
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

public class DataPlaneBench {
  public static void main(String[] args) throws Exception {
    DataPlaneOptions options = DataPlaneOptions.named("bench")
        .withDataDir(Path.of(args[3]))
        .withProxy("127.0.0.1", Integer.parseInt(args[1]), -1)
        .withStatus("127.0.0.1", Integer.parseInt(args[2]))
        .withDeclarativeConfig(Path.of(args[0]));
    DataPlane dp = DataPlane.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(dp::close));
    System.out.println("causeway data plane on 127.0.0.1:" + dp.proxyPort());
    new CountDownLatch(1).await();
  }
}
