package io.switchboard.server;

/** A listener of the server could not bind its address (taken, or not this machine's); the message names which. */
public final class CannotListenException extends RuntimeException {
    public CannotListenException(String what, String address, int port, Throwable cause) {
        super("cannot listen on " + address + ":" + port + " for " + what + ": " + reason(cause), cause);
    }

    private static String reason(Throwable t) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("Address already in use")) return "the address is already in use";
        if (m.contains("Cannot assign requested address")) return "the address is not one of this machine's";
        if (m.contains("Permission denied")) return "permission denied (ports below 1024 need privileges)";
        return m;
    }
}
