package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.model.NetworkState;
import io.causeway.model.TransitGatewayState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code causeway wait network|transit-gateway}: poll until a state is reached, printing a progress
 * line on standard error whenever the state or its reason changes.
 */
@Command(
    name = "wait",
    mixinStandardHelpOptions = true,
    description = {
      "Wait until a network or transit gateway reaches a state. Exit codes: 0 reached, 1 API"
          + " error or state error, 3 timeout.",
      "",
      "Example:",
      "  ./causeway wait network prod --for ready --timeout 10m"
    },
    subcommands = {WaitCommand.ForNetwork.class, WaitCommand.ForTransitGateway.class})
final class WaitCommand extends GroupCommand {
  /** The pseudo-state of a resource that is gone (GET answers 404). */
  static final String DELETED = "deleted";

  static final String ERROR = "error";
  static final String TERMINATED = "terminated";

  /** Options common to both waits, and the polling loop. */
  abstract static class Waiting extends ClientCommand {
    @Option(
        names = "--for",
        paramLabel = "STATE",
        defaultValue = "ready",
        description =
            "State to wait for, e.g. ready, pending-user-action or deleted"
                + " (default: ${DEFAULT-VALUE}). With --output json or yaml the entity reached is"
                + " printed.")
    String target;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "10m",
        converter = DurationConverter.class,
        description = "Give up after this long, exit code 3 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
        names = "--interval",
        paramLabel = "DURATION",
        defaultValue = "1s",
        converter = DurationConverter.class,
        description = "How often to ask (default: ${DEFAULT-VALUE}).")
    Duration interval;

    abstract String kind();

    /** The states this kind of resource has, in the API's spelling. */
    abstract List<String> states();

    /** The resource's path, resolved once. */
    abstract String path();

    /** What one poll saw: the state and the progress line describing it. */
    private record Observation(String state, String line, JsonNode entity) {}

    @Override
    int run() {
      String wanted = checkedTarget();
      String path = path();
      Clock clock = Clock.systemUTC();
      Instant start = clock.instant();
      Instant deadline = start.plus(timeout);
      String shown = "";
      while (true) {
        Observation seen = observe(path, wanted);
        if (!seen.line().equals(shown)) {
          err()
              .println(
                  "[" + Duration.between(start, clock.instant()).toSeconds() + "s] " + seen.line());
          err().flush();
          shown = seen.line();
        }
        if (seen.state().equals(wanted)) {
          if (client.output() != Output.TABLE) {
            printer().document(seen.entity());
          }
          return 0;
        }
        if (seen.state().equals(ERROR)) {
          return fail(
              CliException.API_ERROR,
              "The "
                  + kind()
                  + " is in state error; fix the"
                  + " input and retry (see the reason above).");
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          return fail(
              CliException.TIMEOUT,
              "Timed out after "
                  + DurationConverter.show(timeout)
                  + " waiting for "
                  + kind()
                  + " state "
                  + wanted
                  + " (last: "
                  + seen.state()
                  + ").");
        }
        pause(left.compareTo(interval) < 0 ? left : interval);
      }
    }

    private String checkedTarget() {
      String wanted = target.toLowerCase(Locale.ROOT);
      List<String> known = new ArrayList<>(states());
      known.add(DELETED);
      if (!known.contains(wanted)) {
        throw new ParameterException(
            spec.commandLine(),
            "--for " + target + " (expected: one of " + String.join(", ", known) + ")");
      }
      return wanted;
    }

    private Observation observe(String path, String wanted) {
      try {
        JsonNode entity = api().get(path);
        String state = entity.path("state").asText();
        JsonNode meta = entity.path("state_metadata");
        String reason = meta.path("reason").asText("");
        String reported = meta.path("reported_status").asText("");
        return new Observation(
            state,
            kind()
                + " "
                + entity.path("name").asText()
                + ": "
                + state
                + (reason.isEmpty()
                    ? ""
                    : " (" + (reported.isEmpty() ? "" : reported + ": ") + reason + ")"),
            entity);
      } catch (ApiError e) {
        // A terminated entity is gone for the API (GET answers 404).
        boolean gone = wanted.equals(DELETED) || wanted.equals(TERMINATED);
        if (e.status() != 404 || !gone) {
          throw e;
        }
        return new Observation(wanted, kind() + ": " + wanted, Api.JSON.createObjectNode());
      }
    }

    private int fail(int exitCode, String message) {
      err().println(message);
      err().flush();
      return exitCode;
    }

    private static void pause(Duration duration) {
      try {
        Thread.sleep(duration);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.api("Interrupted while waiting");
      }
    }
  }

  @Command(
      name = "network",
      mixinStandardHelpOptions = true,
      description = {
        "Wait until a network reaches a state.",
        "",
        "Example:",
        "  ./causeway wait network prod --for ready --timeout 10m"
      })
  static final class ForNetwork extends Waiting {
    @Parameters(paramLabel = "NETWORK", description = "Network id or unique name.")
    String network;

    @Override
    String kind() {
      return "network";
    }

    @Override
    List<String> states() {
      return Arrays.stream(NetworkState.values()).map(NetworkState::wire).toList();
    }

    @Override
    String path() {
      return Resolver.NETWORKS + "/" + Resolver.network(api(), network);
    }
  }

  @Command(
      name = "transit-gateway",
      mixinStandardHelpOptions = true,
      description = {
        "Wait until a transit gateway reaches a state; pending-user-action shows which customer"
            + " step is missing.",
        "",
        "Example:",
        "  ./causeway wait transit-gateway corp-vnet --network prod \\",
        "      --for ready --timeout 10m"
      })
  static final class ForTransitGateway extends Waiting {
    @Parameters(paramLabel = "TRANSIT_GATEWAY", description = "Transit gateway id or unique name.")
    String gateway;

    @Option(
        names = "--network",
        required = true,
        paramLabel = "NETWORK",
        description = "Network id or unique name.")
    String network;

    @Override
    String kind() {
      return "transit gateway";
    }

    @Override
    List<String> states() {
      return Arrays.stream(TransitGatewayState.values()).map(TransitGatewayState::wire).toList();
    }

    @Override
    String path() {
      String networkId = Resolver.network(api(), network);
      return Resolver.transitGatewaysPath(networkId)
          + "/"
          + Resolver.transitGateway(api(), networkId, gateway);
    }
  }
}
