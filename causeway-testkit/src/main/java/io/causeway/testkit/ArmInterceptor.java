package io.causeway.testkit;

/**
 * A test's hook into {@link FakeArm}'s handling of ARM requests (not the token endpoint), to
 * stop a client at an exact point: just before ARM sees a request, or just after ARM applied it
 * but before the answer leaves. Both methods run on the request's own (virtual) thread, outside
 * the fake's lock, and may block for as long as they like; other requests go on meanwhile.
 */
public interface ArmInterceptor {
  /** What an ARM request is about, from its path. */
  enum Target {
    VNET,
    PEERING,
    PEERING_LIST,
    OPERATION,
    OPERATION_RESULT,
    OTHER
  }

  /**
   * One ARM request.
   *
   * @param subscription the subscription of the path, empty when it names none
   */
  record Call(String method, String path, Target target, String subscription) {}

  /** Before the fake looks at {@code call}; false drops it unanswered, as if never sent. */
  boolean before(Call call);

  /**
   * After the fake applied {@code call} (its state changed as the answer says) and before the
   * answer with {@code status} is sent; false drops the answer (the connection just closes).
   */
  boolean after(Call call, int status);

  /** Lets every request through. */
  ArmInterceptor NONE = new ArmInterceptor() {
    @Override
    public boolean before(Call call) {
      return true;
    }

    @Override
    public boolean after(Call call, int status) {
      return true;
    }
  };
}
