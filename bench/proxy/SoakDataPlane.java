// Starts a Causeway data plane from a declarative file for bench/soak.sh and reloads the file on
// SIGHUP, as `causeway data-plane --config` does, printing each reload's outcome (one line each).
// Run with: java -cp <gateway classes and dependencies>:<this class> SoakDataPlane KONG_YAML PORT STATUS_PORT DATA_DIR
import io.causeway.gateway.ClientLimits;
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import io.causeway.gateway.ReloadResult;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

public class SoakDataPlane {
  public static void main(String[] args) throws Exception {
    DataPlaneOptions options = DataPlaneOptions.named("soak")
        .withDataDir(Path.of(args[3]))
        .withProxy("127.0.0.1", Integer.parseInt(args[1]), -1)
        .withStatus("127.0.0.1", Integer.parseInt(args[2]))
        .withDeclarativeConfig(Path.of(args[0]))
        // Every load connection comes from 127.0.0.1: the per-address cap stays at its default
        // (4,096), above the 1,000 connections of the run.
        .withClientLimits(ClientLimits.defaults());
    DataPlane dp = DataPlane.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(dp::close));
    Signal.handle(new Signal("HUP"), s -> {
      ReloadResult r = dp.reload();
      System.out.println("reload " + (r instanceof ReloadResult.Applied ? "applied" : "rejected " + r));
    });
    System.out.println("causeway data plane on 127.0.0.1:" + dp.proxyPort());
    new CountDownLatch(1).await();
  }
}
