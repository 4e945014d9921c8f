package io.sextant.demo;

import java.nio.file.Path;

/** The Acme demo for tools outside the server, such as the evaluation runner. */
public final class AcmeDemo {

    /** Seed and size of the demo the server generates by default (see {@link DemoConfig}). */
    public static final long DEFAULT_SEED = 20240617;

    public static final int DEFAULT_ORDERS = 110_000;

    private AcmeDemo() {}

    /** The DDL of the Acme warehouse tables, for catalogs of the demo without its data. */
    public static String warehouseDdl() {
        return AcmeWarehouseGenerator.ddl();
    }

    /** Generates the demo into {@code dataDir} unless it is there, and returns its documents folder. */
    public static Path documents(Path dataDir) {
        new DemoInstaller(dataDir).ensure(DEFAULT_SEED, DEFAULT_ORDERS, false);
        return dataDir.resolve(DemoInstaller.DOCUMENTS_DIR);
    }
}
