package io.sextant.api;

import io.sextant.SextantException;

/** Which part of a long list a caller asks for: from {@code offset} (0 or more), {@code limit} rows. */
record PageRequest(int offset, int limit) {

    private static final int DEFAULT_LIMIT = 100;

    /**
     * The page the query parameters ask for (offset 0 and 100 rows when left out).
     *
     * @throws SextantException {@code errorCode} when the offset is negative or the limit outside 1..max
     */
    static PageRequest of(Integer offset, Integer limit, int max, String errorCode) {
        int first = offset == null ? 0 : offset;
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (first < 0 || size < 1 || size > max) {
            throw new SextantException(
                    SextantException.Kind.INVALID_INPUT, errorCode, "offset is 0 or more, limit 1-" + max);
        }
        return new PageRequest(first, size);
    }
}
