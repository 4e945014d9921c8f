package io.sextant;

import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Named values in the app database's {@code app_setting} table (versions other instances compare,
 * one-time markers), read and written in the caller's transaction.
 */
public final class AppSettings {

    private AppSettings() {}

    /** The value, or "" when it was never written. */
    public static String read(EntityManager em, String name) {
        @SuppressWarnings("unchecked")
        List<Object> found = em.createNativeQuery("SELECT setting_value FROM app_setting WHERE name = ?1")
                .setParameter(1, name)
                .getResultList();
        return found.isEmpty() ? "" : String.valueOf(found.getFirst());
    }

    /** Sets the value, adding the setting when it does not exist yet. */
    public static void write(EntityManager em, String name, String value) {
        int updated = em.createNativeQuery("UPDATE app_setting SET setting_value = ?1 WHERE name = ?2")
                .setParameter(1, value)
                .setParameter(2, name)
                .executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("INSERT INTO app_setting (name, setting_value) VALUES (?1, ?2)")
                    .setParameter(1, name)
                    .setParameter(2, value)
                    .executeUpdate();
        }
    }
}
