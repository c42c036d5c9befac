#!/usr/bin/env bash
# The production topology on one Debian machine, without Docker: one PostgreSQL at its default settings, N app nodes
# (dotnet processes) and nginx in front of them (sticky sessions for Blazor circuits, WebSockets proxied). The
# multi-node tests drive this script; operators can use it to try the topology (see the README, "Run in production").
#
#   deploy/local/cluster.sh start            PostgreSQL (unless CLUSTER_PG_CONNECTION), migrations, nodes, nginx
#   deploy/local/cluster.sh stop             everything this script started, in reverse order
#   deploy/local/cluster.sh status           what runs, and each node's readiness
#   deploy/local/cluster.sh kill-node N      kill -9 node N (a crash)
#   deploy/local/cluster.sh start-node N     start node N again and wait until it is ready
#   deploy/local/cluster.sh pg-restart       pg_ctl restart -m fast (only for the PostgreSQL this script started)
#
# Settings (environment): CLUSTER_DIR (state, logs; default .data/cluster), CLUSTER_NODES (2), CLUSTER_HTTP_PORT
# (nginx, 8080), CLUSTER_NODE_PORT (first node's port, 5101; node i listens on CLUSTER_NODE_PORT + i - 1),
# CLUSTER_PG_PORT (5499), CLUSTER_PG_CONNECTION (use this server instead of starting one), CLUSTER_APP_DLL (a built
# LeadsAssurance.Web.dll; default: dotnet publish -c Release into CLUSTER_DIR/app). Every other variable the script
# inherits reaches the nodes (ASPNETCORE_ENVIRONMENT, Bootstrap__AdminEmail, Stripe__..., Email__Smtp__...).
# Needs: nginx (apt-get install nginx), PostgreSQL server binaries (apt-get install postgresql), the .NET SDK.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
dir=$(mkdir -p "${CLUSTER_DIR:-$repo/.data/cluster}" && cd "${CLUSTER_DIR:-$repo/.data/cluster}" && pwd)
nodes=${CLUSTER_NODES:-2}
http_port=${CLUSTER_HTTP_PORT:-8080}
node_port=${CLUSTER_NODE_PORT:-5101}
pg_port=${CLUSTER_PG_PORT:-5499}
pg_dir="$dir/postgres"
# Staging: production behaviour (no embedded database, no demo data, HSTS) without requiring an SMTP server.
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Staging}

log() { echo "[cluster] $*" >&2; }
die() { log "$*"; exit 1; }

as_postgres() {
    # PostgreSQL refuses to run as root: run its tools as the postgres system user then.
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$bin" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
    echo "$bin"
}

connection_string() {
    if [ -n "${CLUSTER_PG_CONNECTION:-}" ]; then
        echo "$CLUSTER_PG_CONNECTION"
    else
        echo "Host=127.0.0.1;Port=$pg_port;Database=leadsassurance;Username=leadsassurance;Password=$(cat "$dir/postgres.password")"
    fi
}

start_postgres() {
    [ -n "${CLUSTER_PG_CONNECTION:-}" ] && return
    local bin; bin=$(pg_bin)
    if [ ! -f "$pg_dir/PG_VERSION" ]; then
        log "initdb $pg_dir"
        mkdir -p "$pg_dir"
        head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/postgres.password"
        chmod 600 "$dir/postgres.password"
        cp "$dir/postgres.password" "$dir/.pwfile"
        if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$pg_dir" "$dir/.pwfile"; chmod 755 "$dir"; fi
        as_postgres "$bin/initdb" -D "$pg_dir" -U leadsassurance --pwfile="$dir/.pwfile" --auth=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        rm -f "$dir/.pwfile"
    fi
    if ! as_postgres "$bin/pg_ctl" status -D "$pg_dir" >/dev/null 2>&1; then
        log "PostgreSQL on 127.0.0.1:$pg_port (max_connections left at the server's default)"
        as_postgres "$bin/pg_ctl" start -w -t 60 -D "$pg_dir" -l "$pg_dir/server.log" \
            -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null
    fi
    PGPASSWORD=$(cat "$dir/postgres.password") psql -h 127.0.0.1 -p "$pg_port" -U leadsassurance -d postgres -tAq \
        -c "select 1 from pg_database where datname = 'leadsassurance'" | grep -q 1 \
        || PGPASSWORD=$(cat "$dir/postgres.password") psql -h 127.0.0.1 -p "$pg_port" -U leadsassurance -d postgres -q \
            -c "create database leadsassurance"
}

app_dll() {
    if [ -n "${CLUSTER_APP_DLL:-}" ]; then echo "$CLUSTER_APP_DLL"; return; fi
    if [ ! -f "$dir/app/LeadsAssurance.Web.dll" ]; then
        log "dotnet publish -c Release -> $dir/app"
        dotnet publish "$repo/LeadsAssurance.Web/LeadsAssurance.Web.csproj" -c Release -o "$dir/app" -p:UseAppHost=false >&2
    fi
    echo "$dir/app/LeadsAssurance.Web.dll"
}

wait_ready() {
    local port=$1 pid=$2 deadline=$((SECONDS + ${CLUSTER_READY_TIMEOUT:-90}))
    until curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; do
        kill -0 "$pid" 2>/dev/null || die "node on port $port exited; see its log in $dir"
        [ $SECONDS -lt $deadline ] || die "node on port $port not ready in time; see its log in $dir"
        sleep 0.3
    done
}

start_node() {
    local i=$1 port=$((node_port + $1 - 1)) dll; dll=$(app_dll)
    if [ -f "$dir/node$i.pid" ] && kill -0 "$(cat "$dir/node$i.pid")" 2>/dev/null; then return; fi
    ConnectionStrings__Default="$(connection_string)" Database__MigrateOnStartup=false \
        Database__ApplicationName="leadsassurance-node$i" ASPNETCORE_URLS="http://127.0.0.1:$port" \
        Import__Folder="${Import__Folder:-$dir/imports}" App__PublicBaseUrl="${App__PublicBaseUrl:-http://127.0.0.1:$http_port}" \
        ForwardedHeaders__KnownProxies__0=127.0.0.1 \
        nohup dotnet "$dll" --contentRoot "$(dirname "$dll")" >>"$dir/node$i.log" 2>&1 &
    echo $! > "$dir/node$i.pid"
    log "node $i (pid $!) on 127.0.0.1:$port"
}

write_nginx_conf() {
    local n="$dir/nginx" servers=""
    mkdir -p "$n/tmp"
    for i in $(seq 1 "$nodes"); do
        servers+="        server 127.0.0.1:$((node_port + i - 1)) max_fails=1 fail_timeout=5s;"$'\n'
    done
    cat > "$n/nginx.conf" <<EOF
# Written by deploy/local/cluster.sh; deploy/nginx.conf is the same for the compose file.
worker_processes 1;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 4096; }
http {
    access_log $n/access.log;
    client_body_temp_path $n/tmp/body;
    proxy_temp_path $n/tmp/proxy;
    fastcgi_temp_path $n/tmp/fastcgi;
    uwsgi_temp_path $n/tmp/uwsgi;
    scgi_temp_path $n/tmp/scgi;
    client_max_body_size 60m;

    # WebSockets (Blazor circuits, the SignalR hub) need the upgrade; other requests keep upstream keep-alive.
    map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
    # Sticky sessions: a browser keeps the node its circuit lives on. Without the cookie, the request id picks one
    # (and becomes the cookie); when that node is down, nginx moves the browser to another.
    map \$cookie_la_node \$la_node { '' \$request_id; default \$cookie_la_node; }
    map \$cookie_la_node \$la_node_cookie { '' "la_node=\$request_id; Path=/; HttpOnly; SameSite=Lax"; default ''; }

    upstream leadsassurance {
        hash \$la_node consistent;
$servers        keepalive 32;
    }

    server {
        listen 127.0.0.1:$http_port;
        # Metrics are scraped on each node's own port, never through the public entry point.
        location = /metrics { return 404; }
        location / {
            proxy_pass http://leadsassurance;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$http_host;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            # A dead node: idempotent requests go to the next one (POSTs are never replayed by nginx).
            proxy_next_upstream error timeout;
            add_header Set-Cookie \$la_node_cookie always;
            add_header X-Served-By \$upstream_addr always;
        }
    }
}
EOF
}

start_nginx() {
    command -v nginx >/dev/null || die "nginx not found (apt-get install nginx)"
    write_nginx_conf
    if [ -f "$dir/nginx/nginx.pid" ] && kill -0 "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null; then
        nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -s reload
    else
        nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf"
    fi
    log "nginx on http://127.0.0.1:$http_port"
}

stop_node() {
    local i=$1 signal=${2:-TERM} pid
    [ -f "$dir/node$i.pid" ] || return 0
    pid=$(cat "$dir/node$i.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill "-$signal" "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/node$i.pid"
}

case "${1:-}" in
    start)
        start_postgres
        dll=$(app_dll)
        log "migrations"
        ConnectionStrings__Default="$(connection_string)" dotnet "$dll" --contentRoot "$(dirname "$dll")" --migrate-only >>"$dir/migrate.log" 2>&1 \
            || die "migrations failed; see $dir/migrate.log"
        for i in $(seq 1 "$nodes"); do start_node "$i"; done
        for i in $(seq 1 "$nodes"); do wait_ready $((node_port + i - 1)) "$(cat "$dir/node$i.pid")"; done
        start_nginx
        echo "http://127.0.0.1:$http_port"
        ;;
    stop)
        [ -f "$dir/nginx/nginx.pid" ] && nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -s stop 2>/dev/null || true
        for i in $(seq 1 "$nodes"); do stop_node "$i"; done
        if [ -z "${CLUSTER_PG_CONNECTION:-}" ] && [ -f "$pg_dir/PG_VERSION" ]; then
            as_postgres "$(pg_bin)/pg_ctl" stop -D "$pg_dir" -m fast >/dev/null 2>&1 || true
        fi
        ;;
    status)
        for i in $(seq 1 "$nodes"); do
            port=$((node_port + i - 1))
            state=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
            echo "node $i 127.0.0.1:$port ready=$state pid=$(cat "$dir/node$i.pid" 2>/dev/null || echo -)"
        done
        ;;
    kill-node)
        stop_node "${2:?node number}" KILL
        ;;
    start-node)
        start_node "${2:?node number}"
        wait_ready $((node_port + $2 - 1)) "$(cat "$dir/node$2.pid")"
        ;;
    pg-restart)
        [ -z "${CLUSTER_PG_CONNECTION:-}" ] || die "PostgreSQL was not started by this script"
        as_postgres "$(pg_bin)/pg_ctl" restart -w -t 60 -m fast -D "$pg_dir" -l "$pg_dir/server.log" \
            -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null
        ;;
    *)
        sed -n '2,20p' "$0"; exit 2 ;;
esac
