package io.sextant.sql;

import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Replaces type names that are aliases of standard types ({@code text}, {@code int8}, ...) by
 * the standard type, so that each dialect writes its own spelling (MySQL's CAST knows no TEXT).
 */
final class TypeAliases extends SqlShuttle {

    @Override
    public SqlNode visit(SqlDataTypeSpec type) {
        String name = type.getTypeName().getSimple().toUpperCase(Locale.ROOT);
        SqlTypeName standard = GuardCatalog.TYPE_ALIASES.get(name);
        if (standard == null || !type.getTypeName().isSimple()) {
            return type;
        }
        return new SqlDataTypeSpec(
                new SqlBasicTypeNameSpec(standard, type.getParserPosition()), type.getParserPosition());
    }
}
