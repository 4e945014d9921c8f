#!/usr/bin/env bash
# Makes sure MariaDB answers on 127.0.0.1:3306 (root, empty password) for the MySQL/MariaDB
# dialect tests; starts the machine's MariaDB server when it is stopped.
set -euo pipefail

log() { echo "[provision-mariadb] $*"; }

if ! mysql -uroot -h127.0.0.1 -e 'SELECT 1' >/dev/null 2>&1; then
  log "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 60); do
    mysql -uroot -h127.0.0.1 -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
log "ready: MariaDB $(mysql -uroot -h127.0.0.1 -N -e 'SELECT VERSION()')"
