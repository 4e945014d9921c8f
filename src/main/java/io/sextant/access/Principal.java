package io.sextant.access;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is asking: a user id, the groups the user belongs to and attributes such as region that
 * row policies refer to. Every stage that reads data receives one.
 */
public record Principal(String userId, Set<String> groups, Map<String, String> attributes) {

    /** Group every principal belongs to; documents readable by all carry it in their ACL. */
    public static final String EVERYONE = "everyone";

    public Principal {
        requireNonNull(userId, "userId");
        groups = Set.copyOf(new TreeSet<>(requireNonNull(groups, "groups")));
        attributes = Map.copyOf(new TreeMap<>(requireNonNull(attributes, "attributes")));
    }

    public boolean inGroup(String group) {
        return EVERYONE.equals(group) || groups.contains(group);
    }

    /** ACL terms this principal matches: its user, each of its groups and {@value #EVERYONE}. */
    public Set<String> aclTerms() {
        Set<String> terms = new LinkedHashSet<>();
        terms.add("user:" + userId);
        terms.add("group:" + EVERYONE);
        new TreeSet<>(groups).forEach(g -> terms.add("group:" + g));
        return terms;
    }
}
