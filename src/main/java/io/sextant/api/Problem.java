package io.sextant.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code code} is Sextant's stable error code; {@code type} is the
 * same code as a URN so generic clients can tell problems apart too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String reference) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(int status, String title, String code, String detail, String reference) {
        return new Problem("urn:sextant:problem:" + code, title, status, detail, code, reference);
    }
}
