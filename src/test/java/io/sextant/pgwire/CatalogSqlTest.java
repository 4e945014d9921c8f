package io.sextant.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.sql.SqlTokens;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CatalogSqlTest {

    private static final Function<String, String> SESSION = name -> switch (name) {
        case "current_user" -> "elena";
        case "current_schema" -> "main";
        case "current_database" -> "acme";
        case "version" -> "PostgreSQL 16.4";
        case "setting:search_path" -> "main";
        default -> null;
    };

    private static String rewrite(String sql) {
        return CatalogSql.rewrite(sql, SESSION);
    }

    @Test
    void should_tell_catalog_queries_from_warehouse_queries() {
        assertThat(CatalogSql.isCatalogQuery(SqlTokens.tokenize("SELECT * FROM pg_catalog.pg_class")))
                .isTrue();
        assertThat(CatalogSql.isCatalogQuery(SqlTokens.tokenize("select relname from pg_class")))
                .isTrue();
        assertThat(CatalogSql.isCatalogQuery(SqlTokens.tokenize("SELECT * FROM information_schema.tables")))
                .isTrue();
        assertThat(CatalogSql.isCatalogQuery(SqlTokens.tokenize("SELECT version()")))
                .isTrue();
        assertThat(CatalogSql.isCatalogQuery(SqlTokens.tokenize("SELECT 'orders'::regclass")))
                .isTrue();
        assertThat(CatalogSql.isCatalogQuery(SqlTokens.tokenize("SELECT region_cd FROM orders")))
                .isFalse();
        assertThat(CatalogSql.isCatalogQuery(SqlTokens.tokenize("SELECT 'pg_class' AS name FROM orders")))
                .isFalse();
        assertThat(CatalogSql.isCatalogQuery(SqlTokens.tokenize("SELECT \"pg_x\".a FROM t \"pg_x\"")))
                .isFalse();
    }

    @Test
    void should_rewrite_postgresql_only_syntax() {
        assertThat(rewrite("SELECT 'pg_class'::regclass")).isEqualTo("SELECT to_regclass_oid('pg_class')");
        assertThat(rewrite("SELECT c.oid::pg_catalog.regclass FROM pg_class c"))
                .isEqualTo("SELECT to_regclass_oid(c.oid) FROM pg_class c");
        assertThat(rewrite("WHERE c.relname OPERATOR(pg_catalog.~) '^(orders)$' COLLATE pg_catalog.default"))
                .isEqualTo("WHERE c.relname  ~  '^(orders)$'  ");
        assertThat(rewrite("SELECT pg_catalog.format_type(a.atttypid, NULL)"))
                .isEqualTo("SELECT format_type(a.atttypid, NULL)");
        assertThat(rewrite("SELECT x::oid, y::name FROM information_schema.tables"))
                .isEqualTo("SELECT x::BIGINT, y::VARCHAR FROM pg_information_schema.tables");
        assertThat(rewrite("WHERE polroles = '{0}'")).isEqualTo("WHERE polroles = ARRAY[0]");
        assertThat(rewrite("SELECT x AS default FROM t")).isEqualTo("SELECT x AS \"default\" FROM t");
        assertThat(rewrite("SELECT a FROM unnest(arr) s")).isEqualTo("SELECT a FROM unnest(arr) s(s)");
        assertThat(rewrite("WHERE ix.indisprimary = 'f'")).isEqualTo("WHERE ix.indisprimary = FALSE");
    }

    @Test
    void should_put_session_values_in_with_the_names_postgresql_gives_them() {
        assertThat(rewrite("SELECT current_user, version()"))
                .isEqualTo("SELECT 'elena' AS \"current_user\", 'PostgreSQL 16.4' AS \"version\"");
        assertThat(rewrite("SELECT 1 WHERE current_schema() = 'main'")).isEqualTo("SELECT 1 WHERE 'main' = 'main'");
        assertThat(rewrite("SELECT current_setting('search_path')")).isEqualTo("SELECT 'main' AS \"current_setting\"");
        assertThat(rewrite("SELECT current_schemas(true)")).isEqualTo("SELECT ARRAY['pg_catalog', 'main']");
    }

    @Test
    void should_never_turn_a_value_into_sql() {
        Function<String, String> hostile = name -> "x' OR '1'='1";
        assertThat(CatalogSql.rewrite("SELECT current_user", hostile))
                .isEqualTo("SELECT 'x'' OR ''1''=''1' AS \"current_user\"");
    }
}
