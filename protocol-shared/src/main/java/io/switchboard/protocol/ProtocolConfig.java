package io.switchboard.protocol;

import java.util.List;
import java.util.Map;

/**
 * How a protocol reads its own section of the standalone server's config: it declares the keys (the server
 * rejects any other, suggests near misses and maps each to a {@code SWITCHBOARD_*} variable) and turns the
 * section into its settings. The server knows sections, not protocols.
 *
 * @param <S> the protocol's settings
 */
public interface ProtocolConfig<S> {
    /** What every protocol takes from the {@code client} section unless its own section says otherwise. */
    record ClientSettings(List<String> allowedOrigins, boolean insecure, Integer queueMaxSize) {
        public ClientSettings {
            allowedOrigins = List.copyOf(allowedOrigins);
        }
    }

    /** The section's name: "socketio". */
    String section();

    /** Every key of the section, relative to it ("path", "connection_state_recovery.enabled"), in order. */
    Map<String, ConfigSection.Type> keys();

    /** The settings, or null when the protocol is turned off or the section has a problem (reported). */
    S read(ConfigSection section, ClientSettings client);
}
