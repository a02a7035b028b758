package io.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The password of a {@code POST /admin/auth}, in any form a page sends it: multipart form data (Centrifugo's page
 * posts a {@code FormData}), a URL-encoded form, or a JSON object {@code {"password": ...}}.
 */
final class SignInForm {
    private static final String FIELD = "password";
    private static final Pattern NAME = Pattern.compile("[;\\s]name=\"" + FIELD + "\"");

    private SignInForm() {
    }

    /** The password given, or null when the body holds none. */
    static String password(String contentType, byte[] body, ObjectMapper json) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) return multipart(contentType, body);
        if (type.startsWith("application/json")) return fromJson(body, json);
        return urlEncoded(new String(body, StandardCharsets.US_ASCII));
    }

    private static String urlEncoded(String form) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(name).equals(FIELD)) return eq < 0 ? "" : decode(pair.substring(eq + 1));
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String fromJson(byte[] body, ObjectMapper json) {
        try {
            JsonNode value = json.readTree(body).get(FIELD);
            return value != null && value.isTextual() ? value.textValue() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Each part is {@code --boundary CRLF headers CRLF CRLF value CRLF}; only the password's part is read. */
    private static String multipart(String contentType, byte[] body) {
        String boundary = boundary(contentType);
        if (boundary == null) return null;
        String text = new String(body, StandardCharsets.ISO_8859_1); // one char per byte: offsets stay byte offsets
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int partStart = at + delimiter.length();
            int next = text.indexOf("\r\n" + delimiter, partStart);
            if (next < 0) return null;
            String part = text.substring(partStart, next);
            int headersEnd = part.indexOf("\r\n\r\n");
            if (headersEnd >= 0 && namesField(part.substring(0, headersEnd))) {
                String value = part.substring(headersEnd + 4);
                return new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            at = next + 2;
        }
        return null;
    }

    private static boolean namesField(String headers) {
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-disposition:") && lower.contains("form-data")
                    && NAME.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    private static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9);
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
                return b.isEmpty() ? null : b;
            }
        }
        return null;
    }
}
