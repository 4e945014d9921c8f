package io.sextant.access;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who may read a document or a searchable item: named users and groups. Indexes store its
 * {@link #terms()} and match them against {@link Principal#aclTerms()} inside the query.
 */
public record Acl(Set<String> users, Set<String> groups) {

    public Acl {
        users = Set.copyOf(new TreeSet<>(requireNonNull(users, "users")));
        groups = Set.copyOf(new TreeSet<>(requireNonNull(groups, "groups")));
    }

    /** Readable by every principal. */
    public static Acl everyone() {
        return new Acl(Set.of(), Set.of(Principal.EVERYONE));
    }

    public static Acl ofGroups(String... groups) {
        return new Acl(Set.of(), Set.of(groups));
    }

    /** The index terms of this ACL: {@code user:<id>} and {@code group:<name>}. */
    public Set<String> terms() {
        Set<String> terms = new TreeSet<>();
        users.forEach(u -> terms.add("user:" + u));
        groups.forEach(g -> terms.add("group:" + g));
        return terms;
    }

    /**
     * Who may read something that needs both: the users and groups the two have in common (an
     * ACL readable by everyone leaves the other as it is). Safe by construction: it never admits
     * a principal that one of the two would refuse, though it may refuse one who happens to
     * satisfy both through different groups.
     */
    public Acl and(Acl other) {
        if (isEveryone()) {
            return other;
        }
        if (other.isEveryone()) {
            return this;
        }
        Set<String> u = new TreeSet<>(users);
        u.retainAll(other.users);
        Set<String> g = new TreeSet<>(groups);
        g.retainAll(other.groups);
        return new Acl(u, g);
    }

    /** True when every principal may read what this ACL protects. */
    public boolean isEveryone() {
        return groups.contains(Principal.EVERYONE);
    }

    /** Whether the principal may read what this ACL protects. */
    public boolean permits(Principal principal) {
        return users.contains(principal.userId()) || groups.stream().anyMatch(principal::inGroup);
    }

    /** Rebuilds an ACL from its terms. */
    public static Acl fromTerms(Iterable<String> terms) {
        Set<String> users = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (String term : terms) {
            if (term.startsWith("user:")) {
                users.add(term.substring(5));
            } else if (term.startsWith("group:")) {
                groups.add(term.substring(6));
            }
        }
        return new Acl(users, groups);
    }
}
