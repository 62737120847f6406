package io.causeway.controlplane;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the {@code GET} handler of a path inside the current request, for the audit log's {@code
 * before}: the same code a client's {@code GET} runs, with the caller's principal, but without a
 * second HTTP exchange (which doubled the cost of every change). The handler sees a context of
 * its own: method {@code GET}, the path's parameters, and a response that is captured, never
 * sent. Anything the handler needs beyond reading (a JSON mapper, futures, redirects) is refused,
 * and the read is then simply not made.
 */
final class InProcessGet {
  private final InternalRouter router;

  InProcessGet(InternalRouter router) {
    this.router = router;
  }

  /**
   * The JSON text a {@code 200} of {@code GET path} would carry, unparsed (the caller decides
   * whether it is worth parsing); empty for anything else.
   */
  Optional<String> read(Context original, String path) {
    List<ParsedEndpoint> entries = router.findHttpHandlerEntries(HandlerType.GET, path);
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    ParsedEndpoint entry = entries.getFirst();
    Captured captured = new Captured(original.req(), original.res(),
        entry.extractPathParams(path));
    Context ctx = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
        new Class<?>[] {Context.class}, captured);
    try {
      entry.endpoint.handler.handle(ctx);
    } catch (Exception e) {
      return Optional.empty();
    }
    if (captured.response.status != 200 || captured.result == null
        || captured.response.type == null
        || !captured.response.type.startsWith("application/json")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(captured.result.readAllBytes(), StandardCharsets.UTF_8));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The handler's view: a GET of the same request, and a response kept here. */
  private static final class Captured implements InvocationHandler {
    private final HttpServletRequest request;
    private final CapturedResponse response;
    private final Map<String, String> params;
    private InputStream result;

    Captured(HttpServletRequest original, HttpServletResponse res, Map<String, String> params) {
      this.request = new HttpServletRequestWrapper(original) {
        @Override
        public String getMethod() {
          return "GET";
        }
      };
      this.response = new CapturedResponse(res);
      this.params = Map.copyOf(params);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      return switch (method.getName()) {
        case "req" -> request;
        case "res" -> response;
        case "pathParamMap" -> params;
        case "pathParam" -> {
          String value = params.get((String) args[0]);
          if (value == null) {
            throw new IllegalArgumentException("no path parameter " + args[0]);
          }
          yield value;
        }
        case "result" -> {
          if (args != null && args.length == 1 && args[0] instanceof InputStream in) {
            result = in;
            yield proxy;
          }
          yield InvocationHandler.invokeDefault(proxy, method, args);
        }
        case "resultInputStream" -> result;
        case "toString" -> "in-process GET " + request.getRequestURI();
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> {
          if (method.isDefault()) {
            yield InvocationHandler.invokeDefault(proxy, method, args);
          }
          throw new UnsupportedOperationException(method.getName());
        }
      };
    }
  }

  /** Status, type and headers stay here; nothing reaches the real response. */
  private static final class CapturedResponse extends HttpServletResponseWrapper {
    private int status = 200;
    private String type;

    CapturedResponse(HttpServletResponse real) {
      super(real);
    }

    @Override
    public void setStatus(int sc) {
      status = sc;
    }

    @Override
    public int getStatus() {
      return status;
    }

    @Override
    public void setContentType(String contentType) {
      type = contentType;
    }

    @Override
    public String getContentType() {
      return type;
    }

    @Override
    public void setHeader(String name, String value) {}

    @Override
    public void addHeader(String name, String value) {}

    @Override
    public void setCharacterEncoding(String charset) {}

    @Override
    public void setContentLength(int len) {}

    @Override
    public void setContentLengthLong(long len) {}
  }
}
