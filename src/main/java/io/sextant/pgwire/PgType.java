package io.sextant.pgwire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A PostgreSQL data type as the protocol and the emulated {@code pg_type} see it: its standard
 * OID, name, length and category, and how values are written in text and binary form. One list
 * feeds RowDescription, ParameterDescription and the catalog, so they never disagree.
 */
enum PgType {
    BOOL(16, "bool", 1, 'B', 1000),
    BYTEA(17, "bytea", -1, 'U', 1001),
    CHAR(18, "char", 1, 'Z', 1002),
    NAME(19, "name", 64, 'S', 1003),
    INT8(20, "int8", 8, 'N', 1016),
    INT2(21, "int2", 2, 'N', 1005),
    INT2VECTOR(22, "int2vector", -1, 'A', 1006),
    INT4(23, "int4", 4, 'N', 1007),
    REGPROC(24, "regproc", 4, 'N', 1008),
    TEXT(25, "text", -1, 'S', 1009),
    OID(26, "oid", 4, 'N', 1028),
    OIDVECTOR(30, "oidvector", -1, 'A', 1013),
    JSON(114, "json", -1, 'U', 199),
    XML(142, "xml", -1, 'U', 143),
    FLOAT4(700, "float4", 4, 'N', 1021),
    FLOAT8(701, "float8", 8, 'N', 1022),
    UNKNOWN(705, "unknown", -2, 'X', 0),
    MONEY(790, "money", 8, 'N', 791),
    INET(869, "inet", -1, 'I', 1041),
    ACLITEM(1033, "aclitem", 12, 'U', 1034),
    BPCHAR(1042, "bpchar", -1, 'S', 1014),
    VARCHAR(1043, "varchar", -1, 'S', 1015),
    DATE(1082, "date", 4, 'D', 1182),
    TIME(1083, "time", 8, 'D', 1183),
    TIMESTAMP(1114, "timestamp", 8, 'D', 1115),
    TIMESTAMPTZ(1184, "timestamptz", 8, 'D', 1185),
    INTERVAL(1186, "interval", 16, 'T', 1187),
    TIMETZ(1266, "timetz", 12, 'D', 1270),
    BIT(1560, "bit", -1, 'V', 1561),
    VARBIT(1562, "varbit", -1, 'V', 1563),
    NUMERIC(1700, "numeric", -1, 'N', 1231),
    REGCLASS(2205, "regclass", 4, 'N', 2210),
    REGTYPE(2206, "regtype", 4, 'N', 2211),
    RECORD(2249, "record", -1, 'P', 2287),
    CSTRING(2275, "cstring", -2, 'P', 1263),
    ANY(2276, "any", 4, 'P', 0),
    ANYARRAY(2277, "anyarray", -1, 'P', 0),
    VOID(2278, "void", 4, 'P', 0),
    TRIGGER(2279, "trigger", 4, 'P', 0),
    ANYELEMENT(2283, "anyelement", 4, 'P', 0),
    UUID_(2950, "uuid", 16, 'U', 2951),
    JSONB(3802, "jsonb", -1, 'U', 3807),
    REGNAMESPACE(4089, "regnamespace", 4, 'N', 4090),
    REGROLE(4096, "regrole", 4, 'N', 4097);

    /** Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
    private static final long PG_EPOCH_DAYS = LocalDate.of(2000, 1, 1).toEpochDay();

    private static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

    private static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.MICRO_OF_SECOND, 1, 6, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final DateTimeFormatter TIME_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.MICRO_OF_SECOND, 1, 6, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private static final Map<Integer, PgType> BY_OID = new HashMap<>();
    private static final Map<String, PgType> BY_NAME = new HashMap<>();

    static {
        for (PgType t : values()) {
            BY_OID.put(t.oid, t);
            BY_NAME.put(t.typeName, t);
        }
    }

    final int oid;
    final String typeName;
    final int length;
    final char category;
    final int arrayOid;

    PgType(int oid, String typeName, int length, char category, int arrayOid) {
        this.oid = oid;
        this.typeName = typeName;
        this.length = length;
        this.category = category;
        this.arrayOid = arrayOid;
    }

    static Optional<PgType> byOid(int oid) {
        return Optional.ofNullable(BY_OID.get(oid));
    }

    static Optional<PgType> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The element type of an array type's OID, when it is the array of one of these types. */
    static Optional<PgType> elementOfArray(int arrayOid) {
        return Arrays.stream(values()).filter(t -> t.arrayOid == arrayOid).findFirst();
    }

    /** Whether drivers may ask for this type's values in binary form. */
    boolean binaryCapable() {
        return switch (this) {
            case BOOL,
                    INT2,
                    INT4,
                    INT8,
                    OID,
                    REGCLASS,
                    REGTYPE,
                    REGPROC,
                    FLOAT4,
                    FLOAT8,
                    NUMERIC,
                    TEXT,
                    VARCHAR,
                    BPCHAR,
                    NAME,
                    CHAR,
                    UNKNOWN,
                    DATE,
                    TIME,
                    TIMESTAMP,
                    TIMESTAMPTZ,
                    UUID_,
                    BYTEA,
                    JSON -> true;
            default -> false;
        };
    }

    /**
     * The type of a column as a database names it ({@code INTEGER}, {@code DECIMAL(12,2)},
     * {@code character varying}, {@code DATETIME}, ...); text when it is none of the common ones.
     */
    static PgType ofDatabaseType(String databaseType) {
        if (databaseType == null) {
            return TEXT;
        }
        String name = databaseType.toLowerCase(Locale.ROOT).trim();
        int paren = name.indexOf('(');
        if (paren >= 0) {
            name = name.substring(0, paren).trim();
        }
        if (name.endsWith("[]") || name.startsWith("_")) {
            return TEXT;
        }
        return switch (name) {
            case "bool", "boolean", "bit" -> BOOL;
            case "tinyint", "smallint", "int2", "utinyint", "year" -> INT2;
            case "int", "integer", "int4", "mediumint", "serial", "usmallint" -> INT4;
            case "bigint", "int8", "bigserial", "long", "uinteger" -> INT8;
            case "hugeint", "ubigint", "uhugeint", "decimal", "numeric", "number", "dec" -> NUMERIC;
            case "real", "float4", "float" -> FLOAT4;
            case "double", "double precision", "float8" -> FLOAT8;
            case "char", "character", "bpchar", "nchar" -> BPCHAR;
            case "varchar", "character varying", "nvarchar", "varchar2", "string" -> VARCHAR;
            case "date" -> DATE;
            case "time", "time without time zone" -> TIME;
            case "timestamp",
                    "datetime",
                    "timestamp without time zone",
                    "timestamp_s",
                    "timestamp_ms",
                    "timestamp_ns" -> TIMESTAMP;
            case "timestamptz", "timestamp with time zone" -> TIMESTAMPTZ;
            case "uuid" -> UUID_;
            case "json" -> JSON;
            case "jsonb" -> JSONB;
            case "interval" -> INTERVAL;
            case "oid" -> OID;
            default -> TEXT;
        };
    }

    /** The type of a {@link java.sql.Types} code (for results of the local catalog). */
    static PgType ofJdbcType(int jdbcType, String typeName) {
        return switch (jdbcType) {
            case java.sql.Types.BOOLEAN, java.sql.Types.BIT -> BOOL;
            case java.sql.Types.TINYINT, java.sql.Types.SMALLINT -> INT2;
            case java.sql.Types.INTEGER -> INT4;
            case java.sql.Types.BIGINT -> INT8;
            case java.sql.Types.REAL -> FLOAT4;
            case java.sql.Types.FLOAT, java.sql.Types.DOUBLE -> FLOAT8;
            case java.sql.Types.NUMERIC, java.sql.Types.DECIMAL -> NUMERIC;
            case java.sql.Types.CHAR ->
                typeName != null && typeName.toLowerCase(Locale.ROOT).contains("char(1)") ? CHAR : BPCHAR;
            case java.sql.Types.DATE -> DATE;
            case java.sql.Types.TIME -> TIME;
            case java.sql.Types.TIMESTAMP -> TIMESTAMP;
            case java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPTZ;
            case java.sql.Types.VARBINARY, java.sql.Types.BINARY, java.sql.Types.BLOB -> BYTEA;
            case java.sql.Types.VARCHAR, java.sql.Types.LONGVARCHAR, java.sql.Types.NVARCHAR -> VARCHAR;
            default -> TEXT;
        };
    }

    /** A value in PostgreSQL's text output format; null stays null. */
    String text(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case BOOL -> bool(value) ? "t" : "f";
            case NUMERIC -> decimal(value).toPlainString();
            case FLOAT4, FLOAT8 -> floating(value);
            case TIMESTAMP -> TIMESTAMP_TEXT.format(timestamp(value));
            case TIMESTAMPTZ -> TIMESTAMP_TEXT.format(timestamp(value)) + "+00";
            case TIME -> TIME_TEXT.format(LocalTime.parse(value.toString()));
            case BYTEA ->
                value instanceof byte[] bytes ? "\\x" + java.util.HexFormat.of().formatHex(bytes) : value.toString();
            default -> value instanceof List<?> list ? arrayText(list) : value.toString();
        };
    }

    /** A value in PostgreSQL's binary format; null stays null. */
    byte[] binary(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case BOOL -> new byte[] {(byte) (bool(value) ? 1 : 0)};
            case INT2 ->
                ByteBuffer.allocate(2).putShort((short) integral(value)).array();
            case INT4, OID, REGCLASS, REGTYPE, REGPROC ->
                ByteBuffer.allocate(4).putInt((int) integral(value)).array();
            case INT8 -> ByteBuffer.allocate(8).putLong(integral(value)).array();
            case FLOAT4 ->
                ByteBuffer.allocate(4)
                        .putFloat(((Number) number(value)).floatValue())
                        .array();
            case FLOAT8 ->
                ByteBuffer.allocate(8)
                        .putDouble(((Number) number(value)).doubleValue())
                        .array();
            case NUMERIC -> numericBinary(decimal(value));
            case DATE ->
                ByteBuffer.allocate(4)
                        .putInt((int) (LocalDate.parse(value.toString()).toEpochDay() - PG_EPOCH_DAYS))
                        .array();
            case TIME ->
                ByteBuffer.allocate(8)
                        .putLong(LocalTime.parse(value.toString()).toNanoOfDay() / 1000)
                        .array();
            case TIMESTAMP, TIMESTAMPTZ ->
                ByteBuffer.allocate(8)
                        .putLong(ChronoUnit.MICROS.between(PG_EPOCH, timestamp(value)))
                        .array();
            case UUID_ -> {
                UUID uuid = UUID.fromString(value.toString());
                yield ByteBuffer.allocate(16)
                        .putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits())
                        .array();
            }
            case BYTEA ->
                value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8);
            default -> text(value).getBytes(StandardCharsets.UTF_8);
        };
    }

    /**
     * Reads a parameter sent in binary form into its text form, which is what Sextant substitutes
     * into the statement.
     *
     * @throws IllegalArgumentException when the bytes are not a value of this type
     */
    String fromBinary(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return switch (this) {
            case BOOL -> {
                expect(bytes, 1);
                yield bytes[0] != 0 ? "true" : "false";
            }
            case INT2 -> {
                expect(bytes, 2);
                yield Short.toString(b.getShort());
            }
            case INT4, OID -> {
                expect(bytes, 4);
                yield Integer.toString(b.getInt());
            }
            case INT8 -> {
                expect(bytes, 8);
                yield Long.toString(b.getLong());
            }
            case FLOAT4 -> {
                expect(bytes, 4);
                yield Float.toString(b.getFloat());
            }
            case FLOAT8 -> {
                expect(bytes, 8);
                yield Double.toString(b.getDouble());
            }
            case NUMERIC -> numericFromBinary(b).toPlainString();
            case DATE -> {
                expect(bytes, 4);
                yield LocalDate.ofEpochDay(PG_EPOCH_DAYS + b.getInt()).toString();
            }
            case TIME -> {
                expect(bytes, 8);
                yield LocalTime.ofNanoOfDay(b.getLong() * 1000).toString();
            }
            case TIMESTAMP, TIMESTAMPTZ -> {
                expect(bytes, 8);
                yield TIMESTAMP_TEXT.format(PG_EPOCH.plus(b.getLong(), ChronoUnit.MICROS));
            }
            case UUID_ -> {
                expect(bytes, 16);
                yield new UUID(b.getLong(), b.getLong()).toString();
            }
            case TEXT, VARCHAR, BPCHAR, NAME, CHAR, UNKNOWN, JSON -> new String(bytes, StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("binary " + typeName + " parameters are not supported");
        };
    }

    private static void expect(byte[] bytes, int length) {
        if (bytes.length != length) {
            throw new IllegalArgumentException("expected " + length + " bytes, got " + bytes.length);
        }
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b
                ? b
                : switch (value.toString().toLowerCase(Locale.ROOT)) {
                    case "t", "true", "1", "yes", "on" -> true;
                    default -> false;
                };
    }

    private static Object number(Object value) {
        return value instanceof Number n ? n : new BigDecimal(value.toString());
    }

    private static long integral(Object value) {
        return value instanceof Number n ? n.longValue() : new BigDecimal(value.toString()).longValueExact();
    }

    private static BigDecimal decimal(Object value) {
        return switch (value) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Long l -> BigDecimal.valueOf(l);
            case Integer i -> BigDecimal.valueOf(i);
            case Short s -> BigDecimal.valueOf(s);
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> new BigDecimal(Float.toString(f));
            default -> new BigDecimal(value.toString());
        };
    }

    private static String floating(Object value) {
        double d = ((Number) number(value)).doubleValue();
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return value instanceof Float f ? Float.toString(f) : Double.toString(d);
    }

    private static LocalDateTime timestamp(Object value) {
        return switch (value) {
            case LocalDateTime t -> t;
            case java.sql.Timestamp t -> t.toLocalDateTime();
            case OffsetDateTime t -> t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            default -> {
                String s = value.toString().trim().replace(' ', 'T');
                yield s.length() == 10 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s);
            }
        };
    }

    private static String arrayText(List<?> list) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = list.get(i);
            if (v == null) {
                out.append("NULL");
            } else {
                String s = v instanceof Boolean b ? (b ? "t" : "f") : v.toString();
                boolean quote = s.isEmpty()
                        || s.chars()
                                .anyMatch(c -> c == ','
                                        || c == '"'
                                        || c == '\\'
                                        || c == '{'
                                        || c == '}'
                                        || Character.isWhitespace(c))
                        || s.equalsIgnoreCase("null");
                out.append(quote ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : s);
            }
        }
        return out.append('}').toString();
    }

    /** PostgreSQL's numeric wire format: digit count, weight, sign, display scale, base-10000 digits. */
    static byte[] numericBinary(BigDecimal value) {
        int dscale = Math.max(value.scale(), 0);
        BigDecimal abs = value.abs().setScale(dscale, RoundingMode.UNNECESSARY);
        String plain = abs.toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);
        if (whole.equals("0")) {
            whole = "";
        }
        whole = "0".repeat((4 - whole.length() % 4) % 4) + whole;
        fraction = fraction + "0".repeat((4 - fraction.length() % 4) % 4);
        String digits = whole + fraction;
        int groups = digits.length() / 4;
        short[] base = new short[groups];
        for (int i = 0; i < groups; i++) {
            base[i] = Short.parseShort(digits.substring(i * 4, i * 4 + 4));
        }
        int weight = whole.length() / 4 - 1;
        int first = 0;
        while (first < groups && base[first] == 0) {
            first++;
            weight--;
        }
        int last = groups;
        while (last > first && base[last - 1] == 0) {
            last--;
        }
        int n = last - first;
        if (n == 0) {
            weight = 0;
        }
        ByteBuffer out = ByteBuffer.allocate(8 + 2 * n);
        out.putShort((short) n);
        out.putShort((short) weight);
        out.putShort((short) (value.signum() < 0 ? 0x4000 : 0));
        out.putShort((short) dscale);
        for (int i = first; i < last; i++) {
            out.putShort(base[i]);
        }
        return out.array();
    }

    private static BigDecimal numericFromBinary(ByteBuffer b) {
        int n = b.getShort();
        int weight = b.getShort();
        int sign = b.getShort() & 0xFFFF;
        int dscale = b.getShort();
        if (sign == 0xC000) {
            throw new IllegalArgumentException("NaN is not a supported numeric parameter");
        }
        BigDecimal result = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            int digit = b.getShort();
            result = result.add(BigDecimal.valueOf(digit).scaleByPowerOfTen(4 * (weight - i)));
        }
        result = result.setScale(Math.max(dscale, 0), RoundingMode.HALF_UP);
        return sign == 0x4000 ? result.negate() : result;
    }
}
