package io.sextant.pgwire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run-time parameters of one session ({@code SET}, {@code SHOW}, {@code RESET}): the values
 * drivers check at start-up, reported with ParameterStatus, and whatever else a client sets.
 * Changing one does not change what a statement reads or how it runs; a few values that would
 * make drivers misread results are refused.
 */
final class Settings {

    /** The server version clients see; SQLAlchemy and others parse it. */
    static final String SERVER_VERSION = "16.4";

    static final Map<String, String> DEFAULTS;

    /** Parameters whose value is sent to the client at start-up and whenever it changes. */
    static final Set<String> REPORTED = Set.of(
            "server_version",
            "server_encoding",
            "client_encoding",
            "application_name",
            "default_transaction_read_only",
            "in_hot_standby",
            "is_superuser",
            "session_authorization",
            "datestyle",
            "intervalstyle",
            "timezone",
            "integer_datetimes",
            "standard_conforming_strings");

    /** How PostgreSQL spells a parameter in ParameterStatus and SHOW's column name. */
    private static final Map<String, String> SPELLING = Map.of(
            "datestyle", "DateStyle",
            "intervalstyle", "IntervalStyle",
            "timezone", "TimeZone");

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("server_version", SERVER_VERSION);
        d.put("server_version_num", "160004");
        d.put("server_encoding", "UTF8");
        d.put("client_encoding", "UTF8");
        d.put("application_name", "");
        d.put("default_transaction_read_only", "on");
        d.put("transaction_read_only", "on");
        d.put("in_hot_standby", "off");
        d.put("is_superuser", "off");
        d.put("session_authorization", "");
        d.put("datestyle", "ISO, MDY");
        d.put("intervalstyle", "postgres");
        d.put("timezone", "UTC");
        d.put("integer_datetimes", "on");
        d.put("standard_conforming_strings", "on");
        d.put("search_path", "\"$user\", public");
        d.put("extra_float_digits", "1");
        d.put("max_identifier_length", "63");
        d.put("statement_timeout", "0");
        d.put("lock_timeout", "0");
        d.put("idle_in_transaction_session_timeout", "0");
        d.put("transaction_isolation", "read committed");
        d.put("default_transaction_isolation", "read committed");
        d.put("bytea_output", "hex");
        d.put("lc_collate", "C.UTF-8");
        d.put("lc_ctype", "C.UTF-8");
        d.put("lc_messages", "C.UTF-8");
        d.put("lc_monetary", "C.UTF-8");
        d.put("lc_numeric", "C.UTF-8");
        d.put("lc_time", "C.UTF-8");
        d.put("max_index_keys", "32");
        d.put("block_size", "8192");
        d.put("ssl", "off");
        d.put("row_security", "on");
        d.put("jit", "off");
        d.put("enable_seqscan", "on");
        d.put("client_min_messages", "notice");
        d.put("escape_string_warning", "on");
        d.put("backslash_quote", "safe_encoding");
        DEFAULTS = Collections.unmodifiableMap(d);
    }

    private final Map<String, String> values = new LinkedHashMap<>(DEFAULTS);

    Settings(String user, String schema) {
        values.put("session_authorization", user);
        values.put("search_path", schema);
    }

    /** A parameter's value, by any case of its name; empty when it is unknown. */
    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(key(name)));
    }

    /**
     * Sets a parameter (null resets it to the default) and returns whether clients must be told.
     *
     * @throws IllegalArgumentException when the value would make results unreadable to the client
     */
    boolean set(String name, String value) {
        String key = key(name);
        String v = value == null ? DEFAULTS.get(key) : value;
        switch (key) {
            case "client_encoding" -> {
                String norm =
                        v == null ? "" : v.replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
                if (!norm.equals("UTF8") && !norm.equals("UNICODE")) {
                    throw new IllegalArgumentException("client_encoding must be UTF8");
                }
                v = "UTF8";
            }
            case "standard_conforming_strings" -> {
                if (!"on".equalsIgnoreCase(v) && !"true".equalsIgnoreCase(v)) {
                    throw new IllegalArgumentException("standard_conforming_strings must stay on");
                }
                v = "on";
            }
            case "datestyle" -> {
                if (v != null && !v.toUpperCase(Locale.ROOT).contains("ISO")) {
                    throw new IllegalArgumentException("DateStyle must be ISO");
                }
            }
            case "server_version",
                    "server_encoding",
                    "integer_datetimes",
                    "is_superuser",
                    "session_authorization",
                    "server_version_num",
                    "max_identifier_length",
                    "transaction_read_only" -> {
                if (value != null && !value.equalsIgnoreCase(values.get(key))) {
                    throw new IllegalArgumentException("parameter \"" + name + "\" cannot be changed");
                }
                return false;
            }
            default -> {}
        }
        if (v == null) {
            values.remove(key);
        } else {
            values.put(key, v);
        }
        return REPORTED.contains(key);
    }

    /** All parameters, for SHOW ALL. */
    Map<String, String> all() {
        return Collections.unmodifiableMap(values);
    }

    /** The parameters reported at start-up, as PostgreSQL spells them. */
    Map<String, String> reported() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (REPORTED.contains(e.getKey())) {
                out.put(spelling(e.getKey()), e.getValue());
            }
        }
        return out;
    }

    static String spelling(String key) {
        return SPELLING.getOrDefault(key, key);
    }

    static String key(String name) {
        String n = name.trim();
        if (n.startsWith("\"") && n.endsWith("\"") && n.length() > 1) {
            n = n.substring(1, n.length() - 1);
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
