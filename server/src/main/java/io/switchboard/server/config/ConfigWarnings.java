package io.switchboard.server.config;

import io.switchboard.centrifugo.CentrifugoOptions;
import io.switchboard.auth.TokenKeys;

/** Valid settings that quietly lock everyone out, said out loud. */
final class ConfigWarnings {
    private ConfigWarnings() {
    }

    /** Centrifugo's prometheus keys Switchboard accepts but does not serve yet. */
    static void prometheus(boolean instrumentHttpHandlers, boolean nativeHistograms, Problems problems) {
        if (instrumentHttpHandlers) {
            problems.warning("prometheus.instrument_http_handlers is not served yet: there is no"
                    + " centrifugo_node_incoming_http_requests_total");
        }
        if (nativeHistograms) {
            problems.warning("prometheus.native_histograms is not served yet: durations are summaries (count, sum, max)");
        }
    }

    static void add(CentrifugoOptions client, HttpApiConfig httpApi, boolean subscriptionEnabled,
                    TokenKeys subscriptionKeys, Problems problems) {
        if (client.allowedOrigins().isEmpty()) {
            problems.warning("client.allowed_origins is empty: every browser request carrying an Origin header"
                    + " will be refused");
        }
        if (!client.connectionTokenKeys().configured() && !client.insecure()
                && !client.allowAnonymousConnectWithoutToken()) {
            problems.warning("no client.token key is configured: only anonymous clients can connect, and"
                    + " client.allow_anonymous_connect_without_token is false, so every client will be refused");
        }
        if (subscriptionEnabled && !subscriptionKeys.configured()) {
            problems.warning("client.subscription_token.enabled is true but no client.subscription_token key is"
                    + " configured: every subscription token will be refused");
        }
        if (!subscriptionEnabled && subscriptionKeys.configured()) {
            problems.warning("client.subscription_token keys are ignored while client.subscription_token.enabled"
                    + " is false: subscription tokens are checked with the client.token keys");
        }
        if (httpApi.key().isEmpty() && !httpApi.insecure()) {
            problems.warning("http_api.key is empty: the server API refuses every request");
        }
    }

    /**
     * A Centrifugo string key that is accepted so Centrifugo configs load, but that Switchboard does not act on; an
     * empty value says "not used" and passes quietly.
     */
    static void unserved(SectionView top, String key, String instead, Problems problems) {
        if (!top.string(key, "").isEmpty()) {
            problems.warning(key + " is a Centrifugo key Switchboard does not serve: ignored (" + instead + ")");
        }
    }
}
