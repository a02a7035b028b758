package io.switchboard.engine.redis;

/**
 * TLS to Redis (Centrifugo v6's {@code engine.redis.tls} keys). A {@code rediss://} address turns TLS on too.
 *
 * @param enabled            connect with TLS
 * @param insecureSkipVerify accept any server certificate (testing only: anyone in between can read everything)
 * @param serverCaPemFile    a PEM file of the CA certificates that sign the server's, null for the JVM's trust store
 */
public record RedisTls(boolean enabled, boolean insecureSkipVerify, String serverCaPemFile) {
    public static final RedisTls OFF = new RedisTls(false, false, null);
    public static final RedisTls ON = new RedisTls(true, false, null);

    public RedisTls {
        serverCaPemFile = serverCaPemFile == null || serverCaPemFile.isEmpty() ? null : serverCaPemFile;
    }
}
