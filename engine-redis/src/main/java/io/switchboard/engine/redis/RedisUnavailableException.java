package io.switchboard.engine.redis;

/** The engine could not reach a Redis it was given, at start. The message names the address and the cause. */
public final class RedisUnavailableException extends RuntimeException {
    public RedisUnavailableException(String address, Throwable cause) {
        super("cannot connect to Redis at " + address + ": " + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        // one line: Lettuce's cluster client lists each seed's failure on lines of their own
        return root.getMessage() != null ? root.getMessage().strip().replaceAll("\\s*\\n\\s*", " ")
                : root.getClass().getSimpleName();
    }
}
