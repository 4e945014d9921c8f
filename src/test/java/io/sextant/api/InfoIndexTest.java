package io.sextant.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.StorageConfig;
import io.sextant.search.IndexConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** /api/v1/info names the index that is in use, whichever it is. */
class InfoIndexTest {

    private static IndexConfig index(IndexConfig.Kind kind) {
        Map<String, Object> values = Map.of("kind", kind, "postgresqlSchema", "sextant_index", "dir", Optional.empty());
        return (IndexConfig) Proxy.newProxyInstance(
                IndexConfig.class.getClassLoader(), new Class<?>[] {IndexConfig.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    return values.get(method.getName());
                });
    }

    private static final StorageConfig STORAGE = () -> Path.of("/var/lib/sextant");

    @Test
    void should_report_the_postgresql_index_with_its_schema() {
        InfoResource.IndexInfo info = InfoResource.IndexInfo.of(index(IndexConfig.Kind.POSTGRESQL), STORAGE);
        assertThat(info.kind()).isEqualTo("postgresql");
        assertThat(info.schema()).isEqualTo("sextant_index");
        assertThat(info.directory()).isNull();
    }

    @Test
    void should_report_the_lucene_index_with_its_directory() {
        InfoResource.IndexInfo info = InfoResource.IndexInfo.of(index(IndexConfig.Kind.LUCENE), STORAGE);
        assertThat(info.kind()).isEqualTo("lucene");
        assertThat(info.directory()).isEqualTo("/var/lib/sextant/index");
        assertThat(info.schema()).isNull();
    }
}
