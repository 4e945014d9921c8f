package io.sextant.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The token a request made with the web session must carry in a header when it changes
 * something: derived from the session's secret cookie value (SHA-256), so it is known to the
 * pages that received it at sign-in and to nobody who can only make a browser send the cookie.
 * It is handed to the pages in a cookie they can read ({@value #COOKIE}) and sent back in
 * {@value #HEADER}.
 */
final class CsrfToken {

    static final String HEADER = "X-CSRF-Token";
    static final String COOKIE = "sextant-csrf";

    private CsrfToken() {}

    /** The token of a session. */
    static String of(String sessionCookieValue) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("csrf:" + sessionCookieValue).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when the header carries the session's token (compared in constant time). */
    static boolean matches(String sessionCookieValue, String header) {
        return header != null
                && MessageDigest.isEqual(
                        of(sessionCookieValue).getBytes(StandardCharsets.US_ASCII),
                        header.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
