package io.switchboard.core;

/** Carries a {@link ClientError} out of an asynchronous core call, so callers answer it as a value. */
public final class CoreException extends RuntimeException {
    private final ClientError error;

    public CoreException(ClientError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ClientError error() {
        return error;
    }

    /** The client error behind a failed future's cause, or the internal error for anything unexpected. */
    public static ClientError errorOf(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) t = t.getCause();
        return t instanceof CoreException ce ? ce.error : ClientError.INTERNAL;
    }
}
