package io.sextant.access;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.Console;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code users add [--admin] NAME}: creates a user from the command line (the first admin of a new
 * deployment, typically). The password comes from {@code SEXTANT_USER_PASSWORD} or is asked for
 * on the terminal.
 */
@ApplicationScoped
public class UsersCommand {

    /** Environment variable the password is read from, for scripts. */
    public static final String PASSWORD_ENV = "SEXTANT_USER_PASSWORD";

    private final AccountsBootstrap accounts;
    private final Directory directory;

    UsersCommand(AccountsBootstrap accounts, Directory directory) {
        this.accounts = accounts;
        this.directory = directory;
    }

    /** Runs the command; returns the process exit code. */
    public int run(List<String> args, PrintStream out) {
        if (args.size() < 2 || !args.getFirst().equals("add")) {
            out.println("usage: users add [--admin] NAME   (password from $" + PASSWORD_ENV + " or the terminal)");
            return 2;
        }
        boolean admin = args.contains("--admin");
        List<String> names = args.subList(1, args.size()).stream()
                .filter(a -> !a.startsWith("--"))
                .toList();
        if (names.size() != 1) {
            out.println("usage: users add [--admin] NAME");
            return 2;
        }
        String name = names.getFirst();
        Optional<String> password =
                Optional.ofNullable(System.getenv(PASSWORD_ENV)).or(UsersCommand::prompt);
        if (password.isEmpty()) {
            out.println("No password: set " + PASSWORD_ENV + " or run the command in a terminal");
            return 2;
        }
        try {
            if (admin) {
                accounts.createAdmin(name, name, password.get());
            } else {
                directory.createUser(
                        new Directory.NewUser(name, name, null, java.util.Set.of(), java.util.Map.of(), password.get()),
                        "system");
            }
        } catch (RuntimeException e) {
            out.println("Could not add " + name + ": " + e.getMessage());
            return 1;
        }
        out.println((admin ? "Admin " : "User ") + name + " can sign in now.");
        return 0;
    }

    private static Optional<String> prompt() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || !new String(first).equals(new String(second))) {
            console.printf("The passwords differ.%n");
            return Optional.empty();
        }
        return Optional.of(new String(first));
    }
}
