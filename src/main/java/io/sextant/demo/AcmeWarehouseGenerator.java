package io.sextant.demo;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * Generates the Acme retail warehouse into a DuckDB file: regions, stores, employees, customers,
 * products, orders, order lines, returns and sales targets over 2023-2025, with the skew and the
 * mess of a real warehouse (seasonality, a few very large customers, NULLs, cryptic revenue
 * columns, status codes and soft-deleted rows). The same seed always gives the same data: every
 * table draws from its own random stream, so changing one table does not shift the others.
 */
final class AcmeWarehouseGenerator {

    static final LocalDate FIRST_DAY = LocalDate.of(2023, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);

    private static final double[] MONTH_FACTOR = {0.82, 0.78, 0.9, 0.94, 1.0, 0.96, 0.92, 0.97, 1.0, 1.05, 1.38, 1.62};
    private static final String[] FIRST_NAMES = {
        "James", "Mary", "Wei", "Fatima", "Lucas", "Sofia", "Hiroshi", "Aisha", "Mateo", "Emma", "Liam", "Olga",
        "Raj", "Chloe", "Kenji", "Ana", "Noah", "Ingrid", "Omar", "Priya", "Diego", "Hannah", "Yuki", "Carlos",
        "Amara", "Jonas", "Mei", "Pedro", "Zara", "Felix", "Leila", "Tom", "Nadia", "Sven", "Camila", "Arjun",
        "Grace", "Mohamed", "Elena", "David"
    };
    private static final String[] LAST_NAMES = {
        "Smith",
        "Garcia",
        "Chen",
        "Khan",
        "Muller",
        "Rossi",
        "Tanaka",
        "Okafor",
        "Silva",
        "Johnson",
        "Dubois",
        "Nowak",
        "Patel",
        "Kim",
        "Fernandez",
        "Larsen",
        "Ahmed",
        "Brown",
        "Sato",
        "Lopez",
        "Schmidt",
        "Novak",
        "Wilson",
        "Martin",
        "Costa",
        "Ivanova",
        "Nguyen",
        "Hansen",
        "Moreau",
        "Taylor",
        "Singh",
        "Jensen",
        "Romero",
        "Yamamoto",
        "Walker",
        "Haddad"
    };
    private static final String[] COMPANY_PREFIXES = {
        "Northwind",
        "Bluefin",
        "Crescent",
        "Ironbridge",
        "Lakeside",
        "Pinnacle",
        "Redwood",
        "Silverline",
        "Summit",
        "Tidewater",
        "Evergreen",
        "Granite",
        "Harbor",
        "Keystone",
        "Meridian",
        "Orchard",
        "Polaris",
        "Quarry",
        "Riverstone",
        "Sterling",
        "Vantage",
        "Westfield",
        "Zenith",
        "Brightwater",
        "Cobalt",
        "Falcon",
        "Aurora",
        "Beacon",
        "Cedar",
        "Driftwood",
        "Emberly",
        "Foxglove",
        "Goldcrest",
        "Highland",
        "Juniper",
        "Kingfisher",
        "Lighthouse",
        "Maple",
        "Nightingale",
        "Oakridge"
    };
    private static final String[] LEGAL_FORMS = {"Inc", "Ltd", "LLC", "Group", "Co", "International"};
    private static final String[] COMPANY_SUFFIXES = {
        "Traders",
        "Systems",
        "Logistics",
        "Foods",
        "Holdings",
        "Labs",
        "Partners",
        "Retail",
        "Manufacturing",
        "Health",
        "Hospitality",
        "Education",
        "Energy",
        "Media",
        "Construction",
        "Analytics",
        "Outfitters",
        "Supply",
        "Consulting",
        "Interiors",
        "Studios",
        "Clinics",
        "Dental",
        "Fitness"
    };
    private static final String[] MODEL_WORDS = {
        "Pro", "Air", "Max", "Lite", "One", "Plus", "Classic", "Studio", "Go", "Neo"
    };
    private static final String[] RETURN_REASONS = {"DMG", "WRG", "SIZ", "NLN", "LAT"};

    private record Region(int id, String code, String name, String hqCity, double weight, String[][] cities) {}

    private record Store(
            int id,
            String name,
            Region region,
            String country,
            String city,
            String channel,
            Integer sqFt,
            LocalDate opened,
            LocalDate closed) {

        boolean openOn(LocalDate day) {
            return !opened.isAfter(day) && (closed == null || closed.isAfter(day));
        }
    }

    private record Customer(int id, String segment, Region region, LocalDate signup, Integer repId) {}

    private record Product(
            int id, String category, long priceCents, long costCents, LocalDate launch, double returnRate) {}

    private record Subcategory(
            String category,
            String code,
            String name,
            int minPrice,
            int maxPrice,
            String[] nouns,
            String[] brands,
            double returnRate) {}

    private static final Region[] REGIONS = {
        new Region(1, "NA", "North America", "Chicago", 0.42, new String[][] {
            {"US", "New York"}, {"US", "Chicago"}, {"US", "Dallas"}, {"US", "Seattle"}, {"US", "Atlanta"},
            {"US", "Denver"}, {"US", "Boston"}, {"US", "Phoenix"}, {"US", "San Francisco"}, {"US", "Miami"},
            {"CA", "Toronto"}, {"CA", "Vancouver"}, {"CA", "Montreal"}
        }),
        new Region(2, "EMEA", "Europe, Middle East and Africa", "Amsterdam", 0.30, new String[][] {
            {"GB", "London"}, {"GB", "Manchester"}, {"DE", "Berlin"}, {"DE", "Munich"}, {"DE", "Hamburg"},
            {"FR", "Paris"}, {"FR", "Lyon"}, {"NL", "Amsterdam"}, {"ES", "Madrid"}, {"ES", "Barcelona"},
            {"IT", "Milan"}, {"SE", "Stockholm"}, {"AE", "Dubai"}, {"ZA", "Johannesburg"}
        }),
        new Region(3, "APAC", "Asia Pacific", "Singapore", 0.19, new String[][] {
            {"JP", "Tokyo"},
            {"JP", "Osaka"},
            {"AU", "Sydney"},
            {"AU", "Melbourne"},
            {"SG", "Singapore"},
            {"IN", "Bengaluru"},
            {"IN", "Mumbai"},
            {"KR", "Seoul"}
        }),
        new Region(4, "LATAM", "Latin America", "Mexico City", 0.09, new String[][] {
            {"BR", "Sao Paulo"},
            {"BR", "Rio de Janeiro"},
            {"MX", "Mexico City"},
            {"MX", "Guadalajara"},
            {"AR", "Buenos Aires"},
            {"CL", "Santiago"},
            {"CO", "Bogota"}
        })
    };

    private static final Subcategory[] SUBCATEGORIES = {
        new Subcategory(
                "Electronics",
                "EL",
                "Laptops",
                499,
                2499,
                new String[] {"Laptop", "Ultrabook"},
                new String[] {"Voltra", "Nimbus", "Keplar"},
                0.05),
        new Subcategory(
                "Electronics",
                "EL",
                "Phones",
                199,
                1299,
                new String[] {"Smartphone", "Phone"},
                new String[] {"Voltra", "Keplar"},
                0.04),
        new Subcategory(
                "Electronics",
                "EL",
                "Audio",
                29,
                399,
                new String[] {"Headphones", "Earbuds", "Speaker", "Soundbar"},
                new String[] {"Sonique", "Nimbus"},
                0.06),
        new Subcategory(
                "Electronics",
                "EL",
                "Accessories",
                9,
                89,
                new String[] {"Charger", "Cable", "Case", "Mouse", "Keyboard"},
                new String[] {"Voltra", "Nimbus", "Sonique"},
                0.03),
        new Subcategory(
                "Home",
                "HM",
                "Kitchen",
                15,
                299,
                new String[] {"Blender", "Knife Set", "Cookware Set", "Coffee Maker", "Toaster"},
                new String[] {"Hearthly", "Casa Nova"},
                0.04),
        new Subcategory(
                "Home",
                "HM",
                "Furniture",
                79,
                1499,
                new String[] {"Sofa", "Armchair", "Dining Table", "Bookshelf", "Bed Frame"},
                new String[] {"Oakmere", "Casa Nova"},
                0.05),
        new Subcategory(
                "Home",
                "HM",
                "Decor",
                9,
                149,
                new String[] {"Lamp", "Rug", "Vase", "Mirror", "Wall Art"},
                new String[] {"Hearthly", "Oakmere"},
                0.04),
        new Subcategory(
                "Apparel",
                "AP",
                "Men",
                15,
                180,
                new String[] {"Jacket", "Shirt", "Jeans", "Sweater"},
                new String[] {"Northpeak", "Threadline"},
                0.11),
        new Subcategory(
                "Apparel",
                "AP",
                "Women",
                15,
                220,
                new String[] {"Dress", "Blouse", "Coat", "Skirt"},
                new String[] {"Lumen & Co", "Threadline"},
                0.12),
        new Subcategory(
                "Apparel",
                "AP",
                "Kids",
                9,
                80,
                new String[] {"Hoodie", "T-Shirt", "Pajamas"},
                new String[] {"Kidora", "Threadline"},
                0.09),
        new Subcategory(
                "Apparel",
                "AP",
                "Footwear",
                29,
                189,
                new String[] {"Sneakers", "Boots", "Sandals"},
                new String[] {"Stridewell", "Northpeak"},
                0.13),
        new Subcategory(
                "Sports",
                "SP",
                "Fitness",
                19,
                1299,
                new String[] {"Yoga Mat", "Dumbbell Set", "Treadmill", "Kettlebell"},
                new String[] {"Stridewell", "Velocita"},
                0.05),
        new Subcategory(
                "Sports",
                "SP",
                "Outdoor",
                25,
                599,
                new String[] {"Tent", "Backpack", "Sleeping Bag"},
                new String[] {"Summit Gear"},
                0.05),
        new Subcategory(
                "Sports",
                "SP",
                "Cycling",
                39,
                2199,
                new String[] {"Bike", "Helmet", "Bike Light"},
                new String[] {"Velocita", "Summit Gear"},
                0.04),
        new Subcategory(
                "Office",
                "OF",
                "Supplies",
                2,
                49,
                new String[] {"Notebook Pack", "Pen Set", "Stapler", "Paper Ream"},
                new String[] {"Paperline"},
                0.02),
        new Subcategory(
                "Office",
                "OF",
                "Furniture",
                99,
                899,
                new String[] {"Office Chair", "Standing Desk", "Filing Cabinet"},
                new String[] {"Deskcraft"},
                0.04),
        new Subcategory(
                "Office",
                "OF",
                "Printers",
                89,
                599,
                new String[] {"Printer", "Scanner"},
                new String[] {"Paperline", "Voltra"},
                0.05),
    };

    private static final String DDL = """
      CREATE TABLE regions (
        region_id INTEGER PRIMARY KEY,
        region_cd VARCHAR NOT NULL,
        region_nm VARCHAR NOT NULL,
        hq_city VARCHAR
      );
      CREATE TABLE stores (
        store_id INTEGER PRIMARY KEY,
        store_nm VARCHAR NOT NULL,
        region_id INTEGER NOT NULL,
        country_cd VARCHAR NOT NULL,
        city VARCHAR,
        channel VARCHAR NOT NULL,
        sq_ft INTEGER,
        opened_dt DATE NOT NULL,
        closed_dt DATE
      );
      CREATE TABLE employees (
        emp_id INTEGER PRIMARY KEY,
        first_nm VARCHAR NOT NULL,
        last_nm VARCHAR NOT NULL,
        email VARCHAR,
        job_title VARCHAR NOT NULL,
        dept_cd VARCHAR NOT NULL,
        region_id INTEGER,
        store_id INTEGER,
        manager_id INTEGER,
        hire_dt DATE NOT NULL,
        term_dt DATE,
        annual_salary DECIMAL(12,2)
      );
      CREATE TABLE customers (
        cust_id INTEGER PRIMARY KEY,
        cust_nm VARCHAR NOT NULL,
        segment VARCHAR NOT NULL,
        region_id INTEGER NOT NULL,
        country_cd VARCHAR NOT NULL,
        city VARCHAR,
        email VARCHAR,
        loyalty_tier VARCHAR,
        signup_dt DATE NOT NULL,
        is_del BOOLEAN NOT NULL
      );
      CREATE TABLE products (
        prod_id INTEGER PRIMARY KEY,
        sku VARCHAR NOT NULL,
        prod_nm VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        subcategory VARCHAR NOT NULL,
        brand VARCHAR,
        unit_cost DECIMAL(10,2) NOT NULL,
        list_price DECIMAL(10,2) NOT NULL,
        launch_dt DATE,
        discontinued BOOLEAN NOT NULL
      );
      CREATE TABLE orders (
        order_id BIGINT PRIMARY KEY,
        cust_id INTEGER NOT NULL,
        store_id INTEGER NOT NULL,
        sales_rep_id INTEGER,
        region_cd VARCHAR NOT NULL,
        order_dt DATE NOT NULL,
        ship_dt DATE,
        status_cd VARCHAR NOT NULL,
        promo_cd VARCHAR,
        is_del BOOLEAN NOT NULL
      );
      CREATE TABLE order_items (
        order_id BIGINT NOT NULL,
        line_no INTEGER NOT NULL,
        prod_id INTEGER NOT NULL,
        qty INTEGER NOT NULL,
        unit_price DECIMAL(10,2) NOT NULL,
        disc_pct DECIMAL(5,2) NOT NULL,
        amt_rev1 DECIMAL(12,2) NOT NULL,
        amt_rev2 DECIMAL(12,2) NOT NULL,
        cogs_amt DECIMAL(12,2) NOT NULL,
        PRIMARY KEY (order_id, line_no)
      );
      CREATE TABLE returns (
        return_id INTEGER PRIMARY KEY,
        order_id BIGINT NOT NULL,
        line_no INTEGER NOT NULL,
        return_dt DATE NOT NULL,
        qty_returned INTEGER NOT NULL,
        reason_cd VARCHAR,
        refund_amt DECIMAL(12,2) NOT NULL
      );
      CREATE TABLE sales_targets (
        region_id INTEGER NOT NULL,
        target_month DATE NOT NULL,
        target_amt DECIMAL(14,2) NOT NULL,
        PRIMARY KEY (region_id, target_month)
      );
      """;

    /** The DDL of the Acme tables, for building catalogs of the demo without its data. */
    static String ddl() {
        return DDL;
    }

    private final long seed;
    private final int orderCount;
    private final List<Store> stores = new ArrayList<>();
    private final Map<Integer, List<Integer>> associatesByStore = new LinkedHashMap<>();
    private final Map<Integer, List<Integer>> accountExecutivesByRegion = new LinkedHashMap<>();
    private final List<Customer> customers = new ArrayList<>();
    private final List<Product> products = new ArrayList<>();

    AcmeWarehouseGenerator(long seed, int orderCount) {
        if (orderCount < 100) {
            throw new IllegalArgumentException("the demo needs at least 100 orders, not " + orderCount);
        }
        this.seed = seed;
        this.orderCount = orderCount;
    }

    /** Creates the DuckDB file (which must not exist) and fills it; returns row counts per table. */
    Map<String, Long> generate(Path file) throws SQLException {
        try (DuckDBConnection connection = (DuckDBConnection)
                new DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(), new java.util.Properties())) {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : DDL.split(";")) {
                    if (!ddl.isBlank()) {
                        statement.execute(ddl);
                    }
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("regions", regions(connection));
            counts.put("stores", stores(connection, random(2)));
            counts.put("employees", employees(connection, random(3)));
            counts.put("customers", customers(connection, random(4)));
            counts.put("products", products(connection, random(5)));
            long[][] netByRegionMonth = new long[REGIONS.length + 1][monthIndex(LAST_DAY) + 1];
            long[] lineAndReturnCounts = orders(connection, random(6), netByRegionMonth);
            counts.put("orders", (long) orderCountWritten);
            counts.put("order_items", lineAndReturnCounts[0]);
            counts.put("returns", lineAndReturnCounts[1]);
            counts.put("sales_targets", targets(connection, random(7), netByRegionMonth));
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT");
            }
            return counts;
        }
    }

    private SplittableRandom random(int stream) {
        return new SplittableRandom(seed * 1_000_003L + stream);
    }

    private long regions(Connection connection) throws SQLException {
        try (DuckDBAppender a = appender(connection, "regions")) {
            for (Region r : REGIONS) {
                row(a, r.id(), r.code(), r.name(), r.hqCity());
            }
        }
        return REGIONS.length;
    }

    private long stores(Connection connection, SplittableRandom rng) throws SQLException {
        int id = 101;
        for (Region region : REGIONS) {
            for (String[] city : region.cities()) {
                LocalDate opened = LocalDate.of(2009 + rng.nextInt(13), 1 + rng.nextInt(12), 1 + rng.nextInt(28));
                LocalDate closed = null;
                switch (city[1]) {
                    case "Phoenix" -> opened = LocalDate.of(2023, 6, 10);
                    case "Seoul" -> opened = LocalDate.of(2024, 3, 15);
                    case "Bogota" -> opened = LocalDate.of(2024, 9, 1);
                    case "Manchester" -> closed = LocalDate.of(2024, 6, 30);
                    case "Montreal" -> closed = LocalDate.of(2025, 3, 31);
                    default -> {}
                }
                Integer sqFt = rng.nextDouble() < 0.1 ? null : 8_000 + 500 * rng.nextInt(65);
                stores.add(new Store(id++, "Acme " + city[1], region, city[0], city[1], "STORE", sqFt, opened, closed));
            }
            if (region.code().equals("NA") || region.code().equals("EMEA")) {
                String[] city =
                        region.code().equals("NA") ? new String[] {"US", "Dallas"} : new String[] {"DE", "Berlin"};
                stores.add(new Store(
                        id++,
                        "Acme Outlet " + city[1],
                        region,
                        city[0],
                        city[1],
                        "OUTLET",
                        20_000 + 1_000 * rng.nextInt(40),
                        LocalDate.of(2016, 4, 2),
                        null));
            }
            String[] hq = region.cities()[0];
            stores.add(new Store(
                    id++,
                    "Acme Online " + region.code(),
                    region,
                    hq[0],
                    null,
                    "ONLINE",
                    null,
                    LocalDate.of(2014, 1, 1),
                    null));
        }
        try (DuckDBAppender a = appender(connection, "stores")) {
            for (Store s : stores) {
                row(
                        a,
                        s.id(),
                        s.name(),
                        s.region().id(),
                        s.country(),
                        s.city(),
                        s.channel(),
                        s.sqFt(),
                        s.opened(),
                        s.closed());
            }
        }
        return stores.size();
    }

    /** A job: title, department code, salary band and whether people in it ever leave. */
    private record Role(String title, String dept, int minSalary, int maxSalary, boolean mayLeave) {}

    private static final Role CEO = new Role("Chief Executive Officer", "EXE", 420_000, 480_000, false);
    private static final Role CFO = new Role("Chief Financial Officer", "FIN", 260_000, 310_000, false);
    private static final Role CHRO = new Role("Chief People Officer", "HR", 230_000, 280_000, false);
    private static final Role CTO = new Role("Chief Technology Officer", "IT", 270_000, 320_000, false);
    private static final Role COO = new Role("Chief Operating Officer", "OPS", 250_000, 300_000, false);
    private static final Role CMO = new Role("Chief Marketing Officer", "MKT", 230_000, 290_000, false);
    private static final Role FINANCIAL_ANALYST = new Role("Financial Analyst", "FIN", 70_000, 110_000, true);
    private static final Role HR_PARTNER = new Role("HR Business Partner", "HR", 65_000, 95_000, true);
    private static final Role ENGINEER = new Role("Software Engineer", "IT", 110_000, 170_000, true);
    private static final Role DATA_ANALYST = new Role("Data Analyst", "IT", 80_000, 120_000, true);
    private static final Role MARKETING = new Role("Marketing Manager", "MKT", 70_000, 110_000, true);
    private static final Role REGIONAL_VP = new Role("Regional VP Sales", "SLS", 180_000, 220_000, false);
    private static final Role REGIONAL_OPS = new Role("Regional Operations Manager", "OPS", 90_000, 120_000, true);
    private static final Role ACCOUNT_EXECUTIVE = new Role("Account Executive", "SLS", 85_000, 140_000, true);
    private static final Role STORE_MANAGER = new Role("Store Manager", "OPS", 60_000, 85_000, true);
    private static final Role ASSOCIATE = new Role("Sales Associate", "OPS", 28_000, 42_000, true);

    /** Hires employees into rows of the employees table, one random stream for all of them. */
    private static final class Staff {
        final List<Object[]> rows = new ArrayList<>();
        private final Set<String> emails = new HashSet<>();
        private final SplittableRandom rng;

        Staff(SplittableRandom rng) {
            this.rng = rng;
        }

        int hire(Role role, Integer regionId, Integer storeId, Integer managerId) {
            int id = rows.size() + 1;
            String first = pick(rng, FIRST_NAMES);
            String last = pick(rng, LAST_NAMES);
            String email = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT);
            while (!emails.add(email)) {
                email = email + rng.nextInt(10);
            }
            LocalDate hired = FIRST_DAY.minusDays(rng.nextInt(15 * 365)).plusDays(rng.nextInt(3 * 365));
            LocalDate left = null;
            if (role.mayLeave() && rng.nextDouble() < 0.1) {
                left = hired.plusDays(90 + rng.nextInt(2000));
                left = left.isAfter(LAST_DAY) ? null : left;
            }
            BigDecimal salary = rng.nextDouble() < 0.02
                    ? null // contractors are paid through invoices, not payroll
                    : cents((role.minSalary() + rng.nextInt(role.maxSalary() - role.minSalary() + 1)) * 100L);
            rows.add(new Object[] {
                id,
                first,
                last,
                rng.nextDouble() < 0.03 ? null : email + "@acme.example",
                role.title(),
                role.dept(),
                regionId,
                storeId,
                managerId,
                hired,
                left,
                salary
            });
            return id;
        }
    }

    private long employees(Connection connection, SplittableRandom rng) throws SQLException {
        Staff staff = new Staff(rng);
        int ceo = staff.hire(CEO, null, null, null);
        int cfo = staff.hire(CFO, null, null, ceo);
        int chro = staff.hire(CHRO, null, null, ceo);
        int cto = staff.hire(CTO, null, null, ceo);
        int coo = staff.hire(COO, null, null, ceo);
        int cmo = staff.hire(CMO, null, null, ceo);
        for (int i = 0; i < 8; i++) {
            staff.hire(FINANCIAL_ANALYST, null, null, cfo);
            staff.hire(ENGINEER, null, null, cto);
        }
        for (int i = 0; i < 6; i++) {
            staff.hire(HR_PARTNER, null, null, chro);
        }
        for (int i = 0; i < 4; i++) {
            staff.hire(DATA_ANALYST, null, null, cto);
            staff.hire(MARKETING, null, null, cmo);
        }
        for (Region region : REGIONS) {
            int vp = staff.hire(REGIONAL_VP, region.id(), null, ceo);
            int ops = staff.hire(REGIONAL_OPS, region.id(), null, coo);
            List<Integer> executives = new ArrayList<>();
            int count = region.code().equals("NA") ? 10 : region.code().equals("EMEA") ? 8 : 6;
            for (int i = 0; i < count; i++) {
                executives.add(staff.hire(ACCOUNT_EXECUTIVE, region.id(), null, vp));
            }
            accountExecutivesByRegion.put(region.id(), executives);
            for (Store store : stores) {
                if (store.region() != region || store.channel().equals("ONLINE")) {
                    continue;
                }
                int manager = staff.hire(STORE_MANAGER, region.id(), store.id(), ops);
                List<Integer> associates = new ArrayList<>();
                int size = 4 + rng.nextInt(6);
                for (int i = 0; i < size; i++) {
                    associates.add(staff.hire(ASSOCIATE, region.id(), store.id(), manager));
                }
                associatesByStore.put(store.id(), associates);
            }
        }
        try (DuckDBAppender a = appender(connection, "employees")) {
            for (Object[] r : staff.rows) {
                row(a, r);
            }
        }
        return staff.rows.size();
    }

    private long customers(Connection connection, SplittableRandom rng) throws SQLException {
        int count = Math.max(300, orderCount * 2 / 9);
        double[] regionWeights =
                Arrays.stream(REGIONS).mapToDouble(Region::weight).toArray();
        Set<String> companyNames = new HashSet<>();
        try (DuckDBAppender a = appender(connection, "customers")) {
            for (int i = 0; i < count; i++) {
                int id = 10_001 + i;
                double s = rng.nextDouble();
                String segment = s < 0.02 ? "Enterprise" : s < 0.15 ? "Small Business" : "Consumer";
                Region region = REGIONS[pickWeighted(rng, regionWeights)];
                String[] city = region.cities()[rng.nextInt(region.cities().length)];
                LocalDate signup = rng.nextDouble() < 0.75
                        ? LocalDate.of(2015, 1, 1).plusDays(rng.nextInt(8 * 365))
                        : FIRST_DAY.plusDays(rng.nextInt(3 * 365 - 30));
                String name;
                String email;
                String tier = null;
                Integer rep = null;
                if (segment.equals("Consumer")) {
                    String first = pick(rng, FIRST_NAMES);
                    String last = pick(rng, LAST_NAMES);
                    name = first + " " + last;
                    email = rng.nextDouble() < 0.12
                            ? null
                            : first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + id % 997
                                    + "@mail.example";
                    double t = rng.nextDouble();
                    tier = t < 0.2 ? null : t < 0.6 ? "Bronze" : t < 0.84 ? "Silver" : t < 0.96 ? "Gold" : "Platinum";
                } else {
                    String base = pick(rng, COMPANY_PREFIXES) + " " + pick(rng, COMPANY_SUFFIXES);
                    name = base + " " + pick(rng, LEGAL_FORMS);
                    if (companyNames.contains(name)) {
                        name = base + " " + city[1] + " " + pick(rng, LEGAL_FORMS);
                    }
                    if (companyNames.contains(name)) {
                        name = base + " " + id; // real customer masters have such leftovers too
                    }
                    companyNames.add(name);
                    email = rng.nextDouble() < 0.05
                            ? null
                            : "purchasing@" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "") + ".example";
                    List<Integer> executives = accountExecutivesByRegion.get(region.id());
                    rep = executives.get(rng.nextInt(executives.size()));
                }
                boolean deleted = rng.nextDouble() < 0.015;
                customers.add(new Customer(id, segment, region, signup, rep));
                row(
                        a,
                        id,
                        name,
                        segment,
                        region.id(),
                        city[0],
                        rng.nextDouble() < 0.04 ? null : city[1],
                        email,
                        tier,
                        signup,
                        deleted);
            }
        }
        return count;
    }

    private long products(Connection connection, SplittableRandom rng) throws SQLException {
        int count = 600;
        try (DuckDBAppender a = appender(connection, "products")) {
            for (int i = 0; i < count; i++) {
                int id = 5_001 + i;
                Subcategory sub = SUBCATEGORIES[i % SUBCATEGORIES.length];
                String noun = pick(rng, sub.nouns());
                String brand = pick(rng, sub.brands());
                String name = brand + " " + pick(rng, MODEL_WORDS) + " " + (2 + rng.nextInt(98)) + " " + noun;
                double u = rng.nextDouble();
                long price = Math.round(sub.minPrice() + (sub.maxPrice() - sub.minPrice()) * u * u) * 100L - 1;
                long cost = Math.round(price * (0.42 + 0.3 * rng.nextDouble()));
                LocalDate launch = LocalDate.of(2018, 1, 1).plusDays(rng.nextInt(7 * 365 + 150));
                boolean discontinued = rng.nextDouble() < 0.08;
                products.add(new Product(id, sub.category(), price, cost, launch, sub.returnRate()));
                row(
                        a,
                        id,
                        sub.code() + "-" + sub.name().substring(0, 3).toUpperCase(Locale.ROOT) + "-" + id,
                        name,
                        sub.category(),
                        sub.name(),
                        rng.nextDouble() < 0.1 ? null : brand,
                        cents(cost),
                        cents(price),
                        rng.nextDouble() < 0.05 ? null : launch,
                        discontinued);
            }
        }
        return count;
    }

    private int orderCountWritten;

    /** Writes orders, their lines and returns; returns {order lines, returns}. */
    private long[] orders(Connection connection, SplittableRandom rng, long[][] netByRegionMonth) throws SQLException {
        int days = (int) ChronoUnit.DAYS.between(FIRST_DAY, LAST_DAY) + 1;
        double[] dayWeights = new double[days];
        double total = 0;
        for (int d = 0; d < days; d++) {
            LocalDate day = FIRST_DAY.plusDays(d);
            double w =
                    (1 + 0.12 * d / 365.0) * MONTH_FACTOR[day.getMonthValue() - 1] * weekdayFactor(day.getDayOfWeek());
            if (day.getMonthValue() == 11 && day.getDayOfMonth() >= 24
                    || day.getMonthValue() == 12 && day.getDayOfMonth() <= 2) {
                w *= 1.6; // the week of Black Friday and Cyber Monday
            }
            dayWeights[d] = w;
            total += w;
        }
        double[] customerWeights = customerWeights(rng);
        double[] productWeights = new double[products.size()];
        int[] ranks = permutation(rng, products.size());
        for (int i = 0; i < productWeights.length; i++) {
            productWeights[i] = 1.0 / Math.pow(ranks[i] + 1, 0.9);
        }
        double[] customerCdf = cumulative(customerWeights);
        double[] productCdf = cumulative(productWeights);

        long orderId = 1_000_001;
        int returnId = 700_001;
        long lines = 0;
        try (DuckDBAppender orders = appender(connection, "orders");
                DuckDBAppender items = appender(connection, "order_items");
                DuckDBAppender returns = appender(connection, "returns")) {
            for (int d = 0; d < days; d++) {
                LocalDate day = FIRST_DAY.plusDays(d);
                double expected = orderCount * dayWeights[d] / total;
                int todays = (int) expected + (rng.nextDouble() < expected - (int) expected ? 1 : 0);
                for (int n = 0; n < todays; n++) {
                    Customer customer = customers.get(pickCumulative(rng, customerCdf));
                    for (int tries = 0; customer.signup().isAfter(day) && tries < 10; tries++) {
                        customer = customers.get(pickCumulative(rng, customerCdf));
                    }
                    Store store = pickStore(rng, customer, day);
                    Integer rep = customer.repId();
                    if (rep == null && !store.channel().equals("ONLINE") && rng.nextDouble() < 0.45) {
                        List<Integer> associates = associatesByStore.get(store.id());
                        rep = associates.get(rng.nextInt(associates.size()));
                    }
                    boolean recent = day.isAfter(LAST_DAY.minusDays(8));
                    String status;
                    LocalDate shipped = null;
                    if (recent && rng.nextDouble() < 0.6) {
                        status = "P";
                    } else if (rng.nextDouble() < 0.035) {
                        status = "X";
                    } else {
                        shipped = day.plusDays(1 + rng.nextInt(6));
                        status = recent || shipped.isAfter(LAST_DAY) ? "S" : "D";
                        if (rng.nextDouble() < 0.015) {
                            shipped = null; // the shipping feed missed it; a known gap in the data
                        }
                    }
                    String promo = null;
                    if (day.getMonthValue() >= 11 && rng.nextDouble() < 0.22) {
                        promo = "HOLIDAY" + day.getYear() % 100;
                    } else if (day.getMonthValue() >= 3 && day.getMonthValue() <= 4 && rng.nextDouble() < 0.1) {
                        promo = "SPRING" + day.getYear() % 100;
                    }
                    boolean deleted = rng.nextDouble() < 0.004;

                    int lineCount = lineCount(rng, customer.segment());
                    Set<Integer> chosen = new HashSet<>();
                    int fullyReturned = 0;
                    long orderNet = 0;
                    for (int line = 1; line <= lineCount; line++) {
                        Product product = products.get(pickCumulative(rng, productCdf));
                        for (int tries = 0;
                                (chosen.contains(product.id())
                                                || product.launch().isAfter(day))
                                        && tries < 5;
                                tries++) {
                            product = products.get(pickCumulative(rng, productCdf));
                        }
                        chosen.add(product.id());
                        int qty = quantity(rng, customer.segment());
                        long unitPrice = Math.round(product.priceCents() * (1 + 0.03 * (day.getYear() - 2023)));
                        int discount = discount(rng, customer.segment(), promo != null);
                        long gross = unitPrice * qty;
                        long net = (gross * (100 - discount) + 50) / 100;
                        orderNet += net;
                        row(
                                items,
                                orderId,
                                line,
                                product.id(),
                                qty,
                                cents(unitPrice),
                                BigDecimal.valueOf(discount * 100L, 2),
                                cents(gross),
                                cents(net),
                                cents(product.costCents() * qty));
                        lines++;
                        if ("D".equals(status) && rng.nextDouble() < product.returnRate()) {
                            int back = qty == 1 || rng.nextDouble() < 0.7 ? qty : 1 + rng.nextInt(qty);
                            LocalDate returned =
                                    (shipped != null ? shipped : day.plusDays(5)).plusDays(2 + rng.nextInt(44));
                            String reason = rng.nextDouble() < 0.1 ? null : pick(rng, RETURN_REASONS);
                            row(returns, returnId++, orderId, line, returned, back, reason, cents(net * back / qty));
                            if (back == qty) {
                                fullyReturned++;
                            }
                        }
                    }
                    if (fullyReturned == lineCount) {
                        status = "R";
                    }
                    row(
                            orders,
                            orderId,
                            customer.id(),
                            store.id(),
                            rep,
                            customer.region().code(),
                            day,
                            shipped,
                            status,
                            promo,
                            deleted);
                    if (!deleted && !"X".equals(status)) {
                        netByRegionMonth[customer.region().id()][monthIndex(day)] += orderNet;
                    }
                    orderId++;
                    orderCountWritten++;
                }
            }
        }
        return new long[] {lines, returnId - 700_001};
    }

    private long targets(Connection connection, SplittableRandom rng, long[][] netByRegionMonth) throws SQLException {
        long count = 0;
        int months = monthIndex(LAST_DAY) + 1;
        try (DuckDBAppender a = appender(connection, "sales_targets")) {
            for (Region region : REGIONS) {
                for (int m = 0; m < months + 12; m++) {
                    long basis = m < months
                            ? netByRegionMonth[region.id()][m]
                            : Math.round(netByRegionMonth[region.id()][m - 12] * 1.08);
                    double factor = m < months ? 0.93 + 0.17 * rng.nextDouble() : 1.0;
                    long target = Math.round(basis * factor / 100_000.0) * 100_000; // whole thousands
                    row(a, region.id(), FIRST_DAY.plusMonths(m), cents(target));
                    count++;
                }
            }
        }
        return count;
    }

    // ---- distributions ------------------------------------------------------------------------

    private double[] customerWeights(SplittableRandom rng) {
        double[] weights = new double[customers.size()];
        int enterpriseRank = 0;
        for (int i = 0; i < weights.length; i++) {
            double lognormal = Math.exp(0.9 * gaussian(rng));
            weights[i] = switch (customers.get(i).segment()) {
                case "Enterprise" -> 40.0 / Math.pow(++enterpriseRank, 0.7);
                case "Small Business" -> 1.5 * lognormal;
                default -> lognormal;
            };
        }
        return weights;
    }

    private Store pickStore(SplittableRandom rng, Customer customer, LocalDate day) {
        double online = switch (customer.segment()) {
            case "Enterprise" -> 0.7;
            case "Small Business" -> 0.55;
            default -> 0.25 + 0.05 * (day.getYear() - 2023);
        };
        List<Store> candidates = new ArrayList<>();
        for (Store store : stores) {
            if (store.region() == customer.region()
                    && store.openOn(day)
                    && (rng.nextDouble() < online) == store.channel().equals("ONLINE")) {
                candidates.add(store);
            }
        }
        if (candidates.isEmpty()) {
            for (Store store : stores) {
                if (store.region() == customer.region() && store.channel().equals("ONLINE")) {
                    return store;
                }
            }
        }
        return candidates.get(rng.nextInt(candidates.size()));
    }

    private static int lineCount(SplittableRandom rng, String segment) {
        return switch (segment) {
            case "Enterprise" -> 3 + rng.nextInt(6);
            case "Small Business" -> 1 + rng.nextInt(4);
            default -> {
                int n = 1;
                while (n < 6 && rng.nextDouble() < 0.45) {
                    n++;
                }
                yield n;
            }
        };
    }

    private static int quantity(SplittableRandom rng, String segment) {
        return switch (segment) {
            case "Enterprise" -> 5 + rng.nextInt(26);
            case "Small Business" -> 1 + rng.nextInt(5);
            default -> {
                double u = rng.nextDouble();
                yield u < 0.7 ? 1 : u < 0.9 ? 2 : 3 + rng.nextInt(2);
            }
        };
    }

    private static int discount(SplittableRandom rng, String segment, boolean promo) {
        int base = switch (segment) {
            case "Enterprise" -> 12 + rng.nextInt(17);
            case "Small Business" -> 5 + rng.nextInt(8);
            default -> rng.nextDouble() < 0.8 ? 0 : 5 * (1 + rng.nextInt(3));
        };
        return Math.min(40, base + (promo ? 10 : 0));
    }

    private static double weekdayFactor(DayOfWeek day) {
        return switch (day) {
            case SATURDAY -> 1.25;
            case SUNDAY, FRIDAY -> 1.1;
            case THURSDAY -> 1.0;
            case WEDNESDAY -> 0.95;
            default -> 0.9;
        };
    }

    private static int monthIndex(LocalDate day) {
        return (day.getYear() - FIRST_DAY.getYear()) * 12 + day.getMonthValue() - 1;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller keeps the stream fully determined by the seed.
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static int[] permutation(SplittableRandom rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] cumulative(double[] weights) {
        double[] cdf = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cdf[i] = sum;
        }
        return cdf;
    }

    private static int pickCumulative(SplittableRandom rng, double[] cdf) {
        double x = rng.nextDouble() * cdf[cdf.length - 1];
        int i = Arrays.binarySearch(cdf, x);
        return Math.min(cdf.length - 1, i >= 0 ? i + 1 : -i - 1);
    }

    private static int pickWeighted(SplittableRandom rng, double[] weights) {
        return pickCumulative(rng, cumulative(weights));
    }

    private static <T> T pick(SplittableRandom rng, T[] values) {
        return values[rng.nextInt(values.length)];
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    // ---- DuckDB appender ----------------------------------------------------------------------

    private static DuckDBAppender appender(Connection connection, String table) throws SQLException {
        return connection.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
    }

    private static void row(DuckDBAppender appender, Object... values) throws SQLException {
        appender.beginRow();
        for (Object value : values) {
            switch (value) {
                case null -> appender.appendNull();
                case Integer i -> appender.append(i.intValue());
                case Long l -> appender.append(l.longValue());
                case String s -> appender.append(s);
                case LocalDate d -> appender.append(d);
                case BigDecimal b -> appender.append(b);
                case Boolean b -> appender.append(b.booleanValue());
                default -> throw new IllegalArgumentException("cannot append " + value.getClass());
            }
        }
        appender.endRow();
    }
}
