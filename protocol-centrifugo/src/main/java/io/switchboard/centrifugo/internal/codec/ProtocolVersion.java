package io.switchboard.centrifugo.internal.codec;

/**
 * Centrifugo's client protocol generations. V1 (centrifuge-js 2.x) numbers its methods and wraps requests,
 * results and pushes in {@code params}/{@code result}/typed envelopes; V2 (centrifuge-js 3+) names them.
 */
public enum ProtocolVersion {
    V1, V2;

    /** The {@code cf_protocol_version} query value: null when absent, else V1, V2, or an exception for others. */
    public static ProtocolVersion ofQuery(String value) {
        if (value == null || value.isEmpty()) return null;
        return switch (value) {
            case "v1" -> V1;
            case "v2" -> V2;
            default -> throw new IllegalArgumentException("unknown protocol version " + value);
        };
    }
}
