package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.model.NetworkProvider;
import io.causeway.model.ProviderException;
import io.causeway.provider.local.LocalExecResult;
import io.causeway.provider.local.LocalProvider;
import io.causeway.provider.local.LocalVnet;
import io.causeway.provider.local.LocalVnetProcess;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Our {@code /v2/local} extension: the customer VNETs of the local provider (create, list, get,
 * delete, exec a command inside one, start/list/stop named long-running processes inside one) and
 * {@code reset}, so the CLI stays a pure API client. VNETs
 * are host resources shared by every organisation, so only an admin token may use these paths.
 *
 * <p>The VNET registry behind these paths lives in the store ({@link StoreVnetRegistry}, wired
 * in {@link ControlPlane}); the kernel says which of its VNETs exist.
 *
 * <p>The paths always exist: with another provider they answer 404 saying they need the local
 * provider (and what that provider needs), rather than a bare "Not Found".
 */
final class LocalVnetsApi {
  static final String VNETS = "/v2/local/vnets";
  static final String RESET = "/v2/local/reset";
  static final int DEFAULT_EXEC_SECONDS = 30;
  static final int MAX_EXEC_SECONDS = 600;

  private static final Set<String> CREATE_FIELDS =
      Set.of("subscription_id", "resource_group_name", "name", "cidr");
  private static final Set<String> EXEC_FIELDS = Set.of("command", "timeout_seconds");
  private static final Set<String> PROCESS_FIELDS = Set.of("name", "command");

  private final Optional<LocalProvider> provider;

  private LocalVnetsApi(Optional<LocalProvider> provider) {
    this.provider = provider;
  }

  /** The API over {@code provider} when it is the local one; 404 answers otherwise. */
  static LocalVnetsApi of(NetworkProvider provider) {
    return new LocalVnetsApi(
        provider instanceof LocalProvider local ? Optional.of(local) : Optional.empty());
  }

  void routes(RoutesConfig routes) {
    routes.post(VNETS, this::create);
    routes.get(VNETS, this::list);
    routes.get(VNETS + "/{name}", this::get);
    routes.delete(VNETS + "/{name}", this::delete);
    routes.post(VNETS + "/{name}/exec", this::exec);
    routes.post(VNETS + "/{name}/processes", this::startProcess);
    routes.get(VNETS + "/{name}/processes", this::listProcesses);
    routes.delete(VNETS + "/{name}/processes/{process}", this::stopProcess);
    routes.post(RESET, this::reset);
  }

  private void create(Context ctx) {
    LocalProvider local = admit(ctx);
    BodyFields body = new BodyFields(Bodies.json(ctx), CREATE_FIELDS);
    String subscription = body.string("subscription_id", true, 0, Integer.MAX_VALUE).orElse("");
    String group = body.string("resource_group_name", true, 0, Integer.MAX_VALUE).orElse("");
    String name = body.string("name", true, 0, Integer.MAX_VALUE).orElse("");
    String cidr = body.string("cidr", true, 0, Integer.MAX_VALUE).orElse("");
    body.check();
    LocalVnet vnet = call(() -> local.vnets().create(subscription, group, name, cidr));
    Responses.json(ctx, 201, render(vnet));
  }

  private void list(Context ctx) {
    LocalProvider local = admit(ctx);
    ArrayNode data = Json.array();
    call(() -> local.vnets().list()).forEach(v -> data.add(render(v)));
    ObjectNode answer = Json.object();
    answer.set("data", data);
    Responses.json(ctx, 200, answer);
  }

  private void get(Context ctx) {
    LocalProvider local = admit(ctx);
    String name = ctx.pathParam("name");
    Responses.json(ctx, 200, render(call(() -> local.vnets().resolve(name))));
  }

  private void delete(Context ctx) {
    LocalProvider local = admit(ctx);
    String name = ctx.pathParam("name");
    call(
        () -> {
          LocalVnet vnet = local.vnets().resolve(name);
          return local.vnets().delete(vnet.subscriptionId(), vnet.resourceGroupName(), vnet.name());
        });
    ctx.status(204);
  }

  private void exec(Context ctx) {
    LocalProvider local = admit(ctx);
    String name = ctx.pathParam("name");
    BodyFields body = new BodyFields(Bodies.json(ctx), EXEC_FIELDS);
    List<String> command = command(body);
    int seconds = timeoutSeconds(body);
    body.check();
    LocalExecResult result =
        call(() -> local.vnets().exec(name, command, Duration.ofSeconds(seconds)));
    ObjectNode answer = Json.object();
    answer.put("exit_code", result.exitCode());
    answer.put("stdout", result.stdout());
    answer.put("stderr", result.stderr());
    Responses.json(ctx, 200, answer);
  }

  /**
   * Starts a named long-running process inside the VNET, detached from the control plane: 201 when
   * started, 200 when one of that name already runs with the same command, 409 when it runs with
   * another.
   */
  private void startProcess(Context ctx) {
    LocalProvider local = admit(ctx);
    String vnet = ctx.pathParam("name");
    BodyFields body = new BodyFields(Bodies.json(ctx), PROCESS_FIELDS);
    String name = body.string("name", true, 1, 63).orElse("");
    List<String> command = command(body);
    body.check();
    LocalVnetProcess process = call(() -> local.vnets().startProcess(vnet, name, command));
    Responses.json(ctx, process.created() ? 201 : 200, render(process));
  }

  private void listProcesses(Context ctx) {
    LocalProvider local = admit(ctx);
    String vnet = ctx.pathParam("name");
    ArrayNode data = Json.array();
    call(() -> local.vnets().processes(vnet)).forEach(p -> data.add(render(p)));
    ObjectNode answer = Json.object();
    answer.set("data", data);
    Responses.json(ctx, 200, answer);
  }

  private void stopProcess(Context ctx) {
    LocalProvider local = admit(ctx);
    String vnet = ctx.pathParam("name");
    String process = ctx.pathParam("process");
    call(
        () -> {
          local.vnets().stopProcess(vnet, process);
          return true;
        });
    ctx.status(204);
  }

  private void reset(Context ctx) {
    LocalProvider local = admit(ctx);
    ArrayNode removed = Json.array();
    call(local::reset).forEach(removed::add);
    ObjectNode answer = Json.object();
    answer.set("removed", removed);
    Responses.json(ctx, 200, answer);
  }

  /** The local provider, for an admin caller; a 404 naming what is needed otherwise. */
  private LocalProvider admit(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    if (provider.isEmpty()) {
      throw ApiException.notFound(
          "The /v2/local API exists only with --provider local (network namespaces on this host);"
              + " this control plane runs another provider. The local provider needs Linux and"
              + " root or CAP_NET_ADMIN (with CAP_SYS_ADMIN): start Causeway as root"
              + " (`sudo ./causeway up`), which then picks the local provider.");
    }
    if (!who.admin()) {
      throw ApiException.forbidden(
          "Only an admin token may manage local VNETs (they are shared by every organization)");
    }
    return provider.get();
  }

  private static List<String> command(BodyFields body) {
    JsonNode node = body.node("command").orElse(null);
    if (node == null || node.isNull()) {
      body.problem(InvalidParameter.of("command", Rule.REQUIRED,
          "command: missing (expected: an array of strings, the program then its arguments)"));
      return List.of();
    }
    if (!node.isArray()) {
      body.problem(InvalidParameter.of("command", Rule.IS_ARRAY,
          "command: " + node.getNodeType() + " (expected: an array of strings)"));
      return List.of();
    }
    if (node.isEmpty()) {
      body.problem(InvalidParameter.minimum("command", Rule.MIN_ITEMS, 1,
          "command: [] (expected: the program then its arguments)"));
      return List.of();
    }
    List<String> command = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode word = node.get(i);
      if (!word.isTextual() || word.textValue().indexOf('\0') >= 0) {
        body.problem(InvalidParameter.of("command." + i, Rule.IS_STRING,
            "command." + i + ": " + word + " (expected: a string without NUL characters)"));
      } else {
        command.add(word.textValue());
      }
    }
    return command;
  }

  private static int timeoutSeconds(BodyFields body) {
    JsonNode node = body.node("timeout_seconds").orElse(null);
    if (node == null || node.isNull()) {
      return DEFAULT_EXEC_SECONDS;
    }
    if (!node.isIntegralNumber()) {
      body.problem(InvalidParameter.of("timeout_seconds", Rule.IS_INTEGER,
          "timeout_seconds: " + node + " (expected: an integer number of seconds)"));
      return DEFAULT_EXEC_SECONDS;
    }
    long seconds = node.longValue();
    if (seconds < 1) {
      body.problem(InvalidParameter.minimum("timeout_seconds", Rule.MIN, 1,
          "timeout_seconds: " + seconds + " (expected: at least 1)"));
    } else if (seconds > MAX_EXEC_SECONDS) {
      body.problem(InvalidParameter.maximum("timeout_seconds", Rule.MAX, MAX_EXEC_SECONDS,
          "timeout_seconds: " + seconds + " (expected: at most " + MAX_EXEC_SECONDS + ")"));
    }
    return Math.clamp(seconds, 1, MAX_EXEC_SECONDS);
  }

  /**
   * Runs a registry call, turning its documented failures into answers: unknown is 404, an
   * ambiguous name 400, a conflict with what exists 409, a failing {@code ip} 503. Validation
   * failures pass through to {@link Problems} as 400 with their fields.
   */
  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (NoSuchElementException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage());
    } catch (ProviderException e) {
      throw ApiException.unavailable(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(InvalidParameter.of("name", Rule.INVALID, e.getMessage()));
    }
  }

  private static ObjectNode render(LocalVnetProcess process) {
    ObjectNode node = Json.object();
    node.put("name", process.name());
    node.put("pid", process.pid());
    ArrayNode command = node.putArray("command");
    process.command().forEach(command::add);
    node.put("running", process.running());
    node.put("log", process.log());
    return node;
  }

  private static ObjectNode render(LocalVnet vnet) {
    ObjectNode node = Json.object();
    node.put("subscription_id", vnet.subscriptionId());
    node.put("resource_group_name", vnet.resourceGroupName());
    node.put("name", vnet.name());
    node.put("cidr", vnet.cidr());
    node.put("namespace", vnet.namespace());
    node.put("address", vnet.address());
    node.put("present", vnet.present());
    node.put("resource_id", vnet.resourceId());
    return node;
  }
}
