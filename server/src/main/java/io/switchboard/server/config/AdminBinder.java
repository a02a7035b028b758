package io.switchboard.server.config;

import io.switchboard.server.admin.AdminSettings;

import java.util.function.BiConsumer;

/**
 * The {@code admin} section (Centrifugo v6 names). {@code enabled}, {@code password}, {@code secret} and
 * {@code insecure} are served; {@code external} is accepted as it is what Switchboard does anyway (one HTTP port);
 * the keys for another admin web application are accepted with a warning.
 */
final class AdminBinder {
    private static final String ADMIN = "admin.";
    private static final String[] UNSERVED = {"handler_prefix", "web_path", "web_proxy_address"};

    private AdminBinder() {
    }

    static void declare(BiConsumer<String, ValueType> key) {
        key.accept(ADMIN + "enabled", ValueType.BOOLEAN);
        key.accept(ADMIN + "password", ValueType.STRING);
        key.accept(ADMIN + "secret", ValueType.STRING);
        key.accept(ADMIN + "insecure", ValueType.BOOLEAN);
        key.accept(ADMIN + "external", ValueType.BOOLEAN);
        for (String name : UNSERVED) key.accept(ADMIN + name, ValueType.STRING);
    }

    /** The admin page's settings, or null when {@code admin.enabled} is false. */
    static AdminSettings admin(SectionView top, Problems problems) {
        boolean enabled = top.bool(ADMIN + "enabled", false);
        String password = top.string(ADMIN + "password", "");
        String secret = top.string(ADMIN + "secret", "");
        boolean insecure = top.bool(ADMIN + "insecure", false);
        for (String name : UNSERVED) {
            ConfigWarnings.unserved(top, ADMIN + name, "the admin page is the one in the jar, at /admin", problems);
        }
        if (!enabled) return null;
        if (!insecure) {
            if (password.isEmpty()) problems.error(ADMIN + "password", "is required when admin.enabled is true (or set admin.insecure)");
            if (secret.isEmpty()) problems.error(ADMIN + "secret", "is required when admin.enabled is true (or set admin.insecure)");
        }
        return new AdminSettings(password, secret, insecure);
    }
}
