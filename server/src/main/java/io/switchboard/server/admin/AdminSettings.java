package io.switchboard.server.admin;

/**
 * The admin page's settings ({@code admin.*}, Centrifugo's names): the password that signs in and the secret its
 * tokens are signed with; {@code insecure} opens the page and its endpoints to anyone who reaches the port.
 */
public record AdminSettings(String password, String secret, boolean insecure) {
    public AdminSettings {
        password = password == null ? "" : password;
        secret = secret == null ? "" : secret;
    }

    /** Open to everyone: for a developer's machine or behind a firewall that only lets operators through. */
    public static AdminSettings insecureOnly() {
        return new AdminSettings("", "", true);
    }
}
