package io.switchboard.centrifugo;

/**
 * Which of the protocol's endpoints are served. The bidirectional WebSocket is on by default; the others
 * are off unless enabled, as in Centrifugo ({@code uni_websocket.enabled}, {@code http_stream.enabled}, {@code sockjs.enabled}, ...).
 */
public record Endpoints(boolean websocket, boolean httpStream, boolean sse, boolean uniWebsocket,
                        boolean uniHttpStream, boolean uniSse, boolean sockjs) {
    public static final Endpoints DEFAULT = new Endpoints(true, false, false, false, false, false, false);
    public static final Endpoints ALL = new Endpoints(true, true, true, true, true, true, true);
}
