package io.sextant.demo;

import io.sextant.access.Directory.Group;
import io.sextant.access.Directory.User;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The people of the Acme demo: one per kind of user the row policies and ACLs must tell apart. */
final class AcmeUsers {

    private AcmeUsers() {}

    static final List<Group> GROUPS = List.of(
            new Group("admins", "Administrators: curate verified queries, the semantic model and access"),
            new Group("sales", "Sales organisation"),
            new Group("analysts", "Business and data analysts"),
            new Group("hr", "People team; may see compensation and employee records"),
            new Group("finance", "Finance team; may see budgets, margins and revenue recognition"),
            new Group("na", "North America region"),
            new Group("emea", "Europe, Middle East and Africa region"),
            new Group("apac", "Asia Pacific region"),
            new Group("latam", "Latin America region"));

    static final List<User> USERS = List.of(
            new User("ada", "Ada Admin", "ada@acme.example", Set.of("admins"), Map.of("department", "IT")),
            new User(
                    "elena",
                    "Elena Rossi",
                    "elena.rossi@acme.example",
                    Set.of("sales", "emea"),
                    Map.of("region", "EMEA", "department", "Sales", "country", "IT")),
            new User(
                    "noah",
                    "Noah Walker",
                    "noah.walker@acme.example",
                    Set.of("analysts", "na"),
                    Map.of("region", "NA", "department", "Analytics", "country", "US")),
            new User(
                    "hana",
                    "Hana Sato",
                    "hana.sato@acme.example",
                    Set.of("hr"),
                    Map.of("region", "APAC", "department", "HR", "country", "JP")),
            new User(
                    "farid",
                    "Farid Haddad",
                    "farid.haddad@acme.example",
                    Set.of("finance"),
                    Map.of("region", "EMEA", "department", "Finance", "country", "AE")),
            new User(
                    "akira",
                    "Akira Tanaka",
                    "akira.tanaka@acme.example",
                    Set.of("sales", "apac"),
                    Map.of("region", "APAC", "department", "Sales", "country", "JP")),
            new User(
                    "camila",
                    "Camila Lopez",
                    "camila.lopez@acme.example",
                    Set.of("sales", "latam"),
                    Map.of("region", "LATAM", "department", "Sales", "country", "MX")));
}
