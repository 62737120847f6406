package io.causeway.ui;

import io.javalin.http.Context;

/** The UI's own small JSON answers: problems in the API's format, and session facts. */
final class Answers {
  static final String PROBLEM_TYPE = "application/problem+json";

  private Answers() {}

  static void problem(Context ctx, int status, String title, String detail) {
    ctx.status(status)
        .contentType(PROBLEM_TYPE)
        .result(
            "{\"status\":"
                + status
                + ",\"title\":"
                + quote(title)
                + ",\"detail\":"
                + quote(detail)
                + "}");
  }

  static void json(Context ctx, int status, String body) {
    ctx.status(status).contentType("application/json").result(body);
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // '<' and '>' escaped too, so no answer can ever be read as markup.
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
