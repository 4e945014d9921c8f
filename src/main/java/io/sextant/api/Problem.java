package io.sextant.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code code} is Sextant's stable error code; {@code type} is the
 * same code as a URN so generic clients can tell problems apart too; {@code errors} lists details
 * where there are several (the SQL guard's errors).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String detail, String code, String reference, List<?> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(int status, String title, String code, String detail, String reference) {
        return new Problem("urn:sextant:problem:" + code, title, status, detail, code, reference, null);
    }

    /** The same problem with a list of detailed errors (e.g. every error the SQL guard found). */
    Problem withErrors(List<?> details) {
        return new Problem(type, title, status, detail, code, reference, List.copyOf(details));
    }
}
