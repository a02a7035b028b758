package io.switchboard.auth;

import static io.switchboard.auth.TokenException.invalid;

import io.switchboard.json.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies Centrifugo connection and subscription JWTs with Centrifugo v6's rules, checks in the same order so that
 * a token that is both expired and otherwise wrong gets the same verdict. Thread-safe.
 */
public final class TokenVerifier {
    /** What one set of keys expects; replaced whole, so a verification sees one set or the other. */
    private record Expected(Algorithms algorithms, String audience, String issuer) {
        static Expected of(TokenKeys keys) {
            return new Expected(new Algorithms(keys), keys.audience() != null ? keys.audience() : "",
                    keys.issuer() != null ? keys.issuer() : "");
        }
    }

    private volatile Expected expected;
    private final Clock clock;

    /** @throws IllegalArgumentException if a PEM key cannot be used; the message names the key */
    public TokenVerifier(TokenKeys keys) {
        this(keys, Clock.systemUTC());
    }

    public TokenVerifier(TokenKeys keys, Clock clock) {
        this.expected = Expected.of(keys);
        this.clock = clock;
    }

    /**
     * Verifies with these keys from now on (a key rotation): tokens signed with the old ones are invalid. A
     * verification under way finishes with the keys it started with.
     *
     * @throws IllegalArgumentException if a PEM key cannot be used; the old keys stay
     */
    public void replaceKeys(TokenKeys keys) {
        this.expected = Expected.of(keys);
    }

    public ConnectionToken verifyConnectionToken(String jwt) throws TokenException {
        try {
            Claims c = verified(jwt, false);
            if (!c.channel.isEmpty()) {
                throw invalid("connection token must not have a channel claim");
            }
            checkTime(c);
            Map<String, SubscribeClaim> subs = new LinkedHashMap<>();
            if (c.subs != null) {
                for (Map.Entry<String, Claims.Options> sub : c.subs.entrySet()) {
                    subs.put(sub.getKey(), sub.getValue().toSubscribeClaim());
                }
            }
            // Centrifugo reads channels only when subs is empty.
            List<String> channels = subs.isEmpty() && c.channels != null ? List.copyOf(c.channels) : List.of();
            return new ConnectionToken(c.sub, c.expireAt(), c.options.info(), channels,
                    Collections.unmodifiableMap(subs), c.meta);
        } catch (RuntimeException e) {
            // Whatever a token holds, it must not take the connection handler down.
            throw invalid("malformed token");
        }
    }

    public SubscriptionToken verifySubscriptionToken(String jwt) throws TokenException {
        try {
            Claims c = verified(jwt, true);
            checkTime(c);
            if (c.channel.isEmpty()) {
                throw invalid("subscription token must have a channel claim");
            }
            SubscribeClaim o = c.options.toSubscribeClaim();
            return new SubscriptionToken(c.sub, c.channel, c.expireAt(), o.info(), o.data(), o.presence(),
                    o.joinLeave(), o.forcePushJoinLeave(), o.forceRecovery(), o.forcePositioning());
        } catch (RuntimeException e) {
            throw invalid("malformed token");
        }
    }

    /** Format, signature, claim types, audience and issuer: everything that makes a token INVALID up front. */
    private Claims verified(String jwt, boolean subscription) throws TokenException {
        // Every JWS starts with base64url('{"'), which is what Centrifugo's parser checks first.
        if (jwt == null || !jwt.startsWith("eyJ")) {
            throw invalid("malformed token");
        }
        int dot1 = jwt.indexOf('.');
        int dot2 = jwt.lastIndexOf('.');
        if (dot2 <= dot1) {
            throw invalid("malformed token");
        }
        byte[] header = base64Url(jwt.substring(0, dot1));
        byte[] payload = base64Url(jwt.substring(dot1 + 1, dot2));
        byte[] signature = base64Url(jwt.substring(dot2 + 1));
        String alg = Claims.algorithm(json(header));
        Expected expected = this.expected;
        String audience = expected.audience();
        String issuer = expected.issuer();
        expected.algorithms().verify(alg, jwt.substring(0, dot2).getBytes(StandardCharsets.US_ASCII), signature);
        Claims claims = Claims.decode(json(payload), subscription);
        if (!audience.isEmpty() && (claims.aud == null || !claims.aud.contains(audience))) {
            throw invalid("invalid audience");
        }
        if (!issuer.isEmpty() && !claims.iss.equals(issuer)) {
            throw invalid("invalid issuer");
        }
        return claims;
    }

    // Centrifugo v6 answers a not-yet-valid token (nbf in the future) with "token expired" too.
    private void checkTime(Claims c) throws TokenException {
        NumericDate now = NumericDate.of(clock.instant());
        if ((c.exp != null && !c.exp.after(now)) || (c.nbf != null && !c.nbf.before(now))) {
            throw TokenException.expired();
        }
    }

    /** Go's base64.RawURLEncoding: no padding, CR and LF ignored. */
    private static byte[] base64Url(String part) throws TokenException {
        String s = part.replace("\r", "").replace("\n", "");
        if (s.indexOf('=') >= 0) {
            throw invalid("malformed token");
        }
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw invalid("malformed token");
        }
    }

    private static Object json(byte[] part) throws TokenException {
        try {
            return JsonTree.parse(part);
        } catch (IOException e) {
            throw invalid("malformed token JSON");
        }
    }
}
